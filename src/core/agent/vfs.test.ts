import { describe, expect, it } from 'vitest';
import { globToRegExp, VirtualFileSystem } from './vfs.js';

describe('VirtualFileSystem', () => {
  it('appends, stamps modification times and reads by file id', () => {
    let t = 5;
    const fs = new VirtualFileSystem(() => t);
    const a = fs.append('/var/log/app.log', 'one\n');
    t = 9;
    const b = fs.append('/var/log/app.log', 'two\n');
    expect(b).toEqual({ id: a.id, path: '/var/log/app.log', size: 8, mtime: 9 });
    expect(new TextDecoder().decode(fs.read(a.id, 4))).toBe('two\n');
    expect(fs.readText('/var/log/app.log')).toBe('one\ntwo\n');
  });

  it('rotate (create) renames app.log to app.log.1 keeping its id, and starts a new app.log', () => {
    const fs = new VirtualFileSystem();
    const first = fs.append('/l/app.log', 'a\n');
    fs.rotate('/l/app.log');
    const second = fs.append('/l/app.log', 'b\n');
    fs.rotate('/l/app.log');
    expect(fs.stat('/l/app.log.2')?.id).toBe(first.id);
    expect(fs.stat('/l/app.log.1')?.id).toBe(second.id);
    expect(fs.stat('/l/app.log')?.size).toBe(0);
    expect(fs.statById(first.id)?.path).toBe('/l/app.log.2');
  });

  it('rotate keeps `keep` old files; copytruncate copies and empties in place', () => {
    const fs = new VirtualFileSystem();
    for (let i = 0; i < 4; i++) {
      fs.append('/l/x', `${i}\n`);
      fs.rotate('/l/x', { keep: 2 });
    }
    expect(fs.list().map((f) => f.path)).toEqual(['/l/x', '/l/x.1', '/l/x.2']);
    const y = fs.append('/l/y', 'data\n');
    fs.rotate('/l/y', { mode: 'copytruncate' });
    expect(fs.stat('/l/y')).toMatchObject({ id: y.id, size: 0 });
    expect(fs.readText('/l/y.1')).toBe('data\n');
  });

  it('globs match file names only within the directory', () => {
    const re = globToRegExp('/var/log/app/*.log*');
    expect(re.test('/var/log/app/web.log')).toBe(true);
    expect(re.test('/var/log/app/web.log.1')).toBe(true);
    expect(re.test('/var/log/app/sub/web.log')).toBe(false);
    expect(globToRegExp('/l/{a,b}.[0-9]').test('/l/b.7')).toBe(true);
  });
});
