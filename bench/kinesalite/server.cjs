// Child process for bench/kds-sdk.bench.ts: kinesalite in memory (memdown, since no --path is
// given) on 127.0.0.1 with a port the OS picks. Prints "PORT <n>" once listening, and exits when
// its stdin closes, so it cannot outlive the bench even if the parent is killed.
'use strict';
const kinesalite = require('kinesalite');

const server = kinesalite({
  createStreamMs: 0, // streams go ACTIVE at once, as Shardlab's do in the bench
  deleteStreamMs: 0,
  updateStreamMs: 0,
  shardLimit: 1000,
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`kinesalite: ${err.stack || err}\n`);
  process.exit(1);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
