import { createHash } from 'node:crypto';
import type { TenantConfig } from '@cavra/config';
import type { TenantPolicy } from '../decide.ts';

/** Who a request speaks for, or why it may not be served. */
export type AuthResult =
  | { ok: true; tenant: TenantPolicy }
  | { ok: false; status: 400 | 401 | 403; error: string; message: string };

/**
 * Maps `Authorization: Bearer <key>` to a tenant. Keys are kept only as SHA-256 digests and
 * looked up by digest, so neither the keys nor the timing of a comparison reveal one.
 *
 * When no tenant has a key (the embedded laptop default) requests need none: they speak for the
 * tenant they name, or the only configured tenant. Once any tenant has keys, every request
 * needs a valid one, and may name no tenant other than the key's own.
 */
export class TenantAuth {
  readonly #tenants = new Map<string, TenantPolicy>();
  readonly #byKeyDigest = new Map<string, string>();
  /** Tenant id (or `null`: no tenant) per recent Authorization header, least recent first. */
  readonly #recentHeaders = new Map<string, string | null>();

  constructor(tenants: readonly TenantConfig[]) {
    for (const t of tenants) {
      this.#tenants.set(t.id, { id: t.id, policyPacks: t.policyPacks, mode: t.mode });
      for (const key of t.apiKeys) this.#byKeyDigest.set(digest(key.reveal()), t.id);
    }
  }

  /** Whether requests must carry an API key. */
  get keyed(): boolean {
    return this.#byKeyDigest.size > 0;
  }

  tenants(): TenantPolicy[] {
    return [...this.#tenants.values()];
  }

  /** Resolves the tenant of a request from its Authorization header and the tenant it names. */
  authenticate(authorization: string | undefined, named: string | undefined): AuthResult {
    if (this.keyed || authorization !== undefined) return this.#byKey(authorization, named);
    if (named !== undefined) {
      const tenant = this.#tenants.get(named);
      if (tenant) return { ok: true, tenant };
      return fail(400, 'unknown_tenant', `tenant: expected a configured tenant, got "${named}"`);
    }
    const only = this.#tenants.size === 1 ? [...this.#tenants.values()][0] : undefined;
    if (only) return { ok: true, tenant: only };
    return fail(400, 'tenant_required', 'tenant: expected a tenant id, several are configured');
  }

  #byKey(authorization: string | undefined, named: string | undefined): AuthResult {
    const tenantId = authorization === undefined ? null : this.#tenantOfHeader(authorization);
    const tenant = tenantId === null ? undefined : this.#tenants.get(tenantId);
    if (!tenant) {
      return fail(401, 'unauthorized', 'expected Authorization: Bearer <a valid API key>');
    }
    if (named !== undefined && named !== tenant.id) {
      return fail(403, 'forbidden', `tenant: this API key may not act for tenant "${named}"`);
    }
    return { ok: true, tenant };
  }

  /**
   * A keep-alive client sends the same header on every request, so the digest lookup is
   * remembered per header value (bounded, least recently used evicted first) instead of
   * hashing the key each time. Keys are fixed for the life of the process, so an entry never
   * goes stale.
   */
  #tenantOfHeader(authorization: string): string | null {
    const cached = this.#recentHeaders.get(authorization);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the most recent end of the map's order.
      this.#recentHeaders.delete(authorization);
      this.#recentHeaders.set(authorization, cached);
      return cached;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const tenantId = (match?.[1] && this.#byKeyDigest.get(digest(match[1]))) || null;
    if (this.#recentHeaders.size >= MAX_REMEMBERED_HEADERS) {
      const oldest = this.#recentHeaders.keys().next();
      if (!oldest.done) this.#recentHeaders.delete(oldest.value);
    }
    this.#recentHeaders.set(authorization, tenantId);
    return tenantId;
  }
}

/** Authorization header values whose tenant is remembered. */
export const MAX_REMEMBERED_HEADERS = 1000;

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function fail(status: 400 | 401 | 403, error: string, message: string): AuthResult {
  return { ok: false, status, error, message };
}
