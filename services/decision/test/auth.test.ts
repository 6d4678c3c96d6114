import { expect, it } from 'vitest';
import { TenantConfig } from '@cavra/config';
import { MAX_REMEMBERED_HEADERS, TenantAuth } from '../src/http/auth.ts';

const auth = new TenantAuth([
  TenantConfig.parse({ id: 'acme', apiKeys: ['test-key-acme-0000'] }),
  TenantConfig.parse({ id: 'globex', apiKeys: ['test-key-globex-0000'] }),
]);

function tenantOf(header: string | undefined, named?: string): string | number {
  const result = auth.authenticate(header, named);
  return result.ok ? result.tenant.id : result.status;
}

it('answers the same for a remembered header as for a first one, keys and refusals alike', () => {
  for (let i = 0; i < 3; i += 1) {
    expect(tenantOf('Bearer test-key-acme-0000')).toBe('acme');
    expect(tenantOf('Bearer test-key-globex-0000', 'acme')).toBe(403);
    expect(tenantOf('Bearer test-key-wrong-0000')).toBe(401);
    expect(tenantOf('Basic test-key-acme-0000')).toBe(401);
    expect(tenantOf(undefined)).toBe(401);
  }
});

it('stays correct once more headers were seen than it remembers', () => {
  expect(tenantOf('Bearer test-key-acme-0000')).toBe('acme');
  for (let i = 0; i < MAX_REMEMBERED_HEADERS * 2; i += 1) {
    expect(tenantOf(`Bearer test-key-fake-${i}`)).toBe(401);
  }
  // Evicted long ago: looked up by digest again, with the same answer.
  expect(tenantOf('Bearer test-key-acme-0000')).toBe('acme');
  expect(tenantOf('Bearer test-key-globex-0000')).toBe('globex');
});
