import { expect, it } from 'vitest';
import { createTempSchema } from '../../../test/support/postgres.ts';
import { StoreError } from '../src/errors.ts';
import { createPostgresDecisionStore } from '../src/store/postgres.ts';
import { decisionStoreContract } from './store-contract.ts';

decisionStoreContract('postgres', async () => {
  const temp = await createTempSchema('cavra_decisions');
  const store = await createPostgresDecisionStore({
    url: `postgres://${temp.user}@${temp.host}:${temp.port}/${temp.database}`,
    schema: temp.schema,
  });
  return {
    store,
    async dispose() {
      await store.close();
      await temp.drop();
    },
  };
});

it('reports an unreachable server as a retryable StoreError', async () => {
  const attempt = createPostgresDecisionStore({
    url: 'postgres://postgres@127.0.0.1:1/test',
    connectTimeoutMs: 1000,
  });
  await expect(attempt).rejects.toBeInstanceOf(StoreError);
  await expect(attempt).rejects.toMatchObject({ retryable: true });
});
