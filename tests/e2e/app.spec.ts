import { expect, test } from '@playwright/test';

test('the page loads without console errors and routes a partition key to its shard', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible();
  // Spec test vectors (4 shards): 'a' → shard 0, 'user-42' → shard 1, '0' → shard 3.
  const key = page.getByLabel('Partition key');
  await key.fill('a');
  await expect(page.getByTestId('hash-key')).toHaveText('16955237001963240173058271559858726497');
  await expect(page.getByTestId('shard-id')).toHaveText('shardId-000000000000');
  await key.fill('user-42');
  await expect(page.getByTestId('shard-id')).toHaveText('shardId-000000000001');
  await key.fill('0');
  await expect(page.getByTestId('shard-id')).toHaveText('shardId-000000000003');
  await page.screenshot({ path: 'test-results/app-routing.png' });
  await key.fill('');
  await expect(page.getByRole('alert')).toContainText('1 to 256 characters');
  expect(errors).toEqual([]);
});
