import { createTempSchema } from '../../../test/support/postgres.ts';
import { createPostgresLedger } from '../src/index.ts';
import { runLedgerContract } from './contract.ts';

runLedgerContract('PostgreSQL', async () => {
  const temp = await createTempSchema('cavra_evidence');
  const connectionString = `postgres://${temp.user}@${temp.host}:${temp.port}/${temp.database}`;
  return {
    open: () => createPostgresLedger({ connectionString, schema: temp.schema, maxConnections: 4 }),
    cleanup: () => temp.drop(),
  };
});
