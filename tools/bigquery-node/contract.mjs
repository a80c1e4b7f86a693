// Drives Google's own BigQuery client for Node against a BigQuery endpoint (the stand-in, in the contract test): a
// dataset and a table created, a load from a local file (the client's media upload), its job polled to DONE, a query.
// Usage: node contract.mjs <node_modules folder> <endpoint URL> <project> <dataset> <access token> <NDJSON file>
// Prints one JSON object: the load job's state and outputRows, and the query's count. The token is never printed.
import { createRequire } from 'node:module';
import path from 'node:path';

const [modules, endpoint, projectId, datasetId, accessToken, file] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'node_modules', 'x.js'));
const { BigQuery } = require('@google-cloud/bigquery');
const { OAuth2Client } = require('google-auth-library');

// The auth library ignores a key file's token_uri for the JWT-bearer grant (it always asks Google), so the token is
// obtained beforehand (from the stand-in's token endpoint) and handed over as an access token.
const authClient = new OAuth2Client();
authClient.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 3600 * 1000 });
const bigquery = new BigQuery({ projectId, apiEndpoint: endpoint.replace(/\/$/, ''), authClient });

const [dataset] = await bigquery.createDataset(datasetId);
const schema = [
  { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
  { name: 'session_id', type: 'STRING' },
  { name: 'ts', type: 'TIMESTAMP' },
];
const [table] = await dataset.createTable('events', { schema, timePartitioning: { type: 'DAY', field: 'ts' } });
const [job] = await table.load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: schema }, writeDisposition: 'WRITE_APPEND' });
const [rows] = await bigquery.query({ query: `SELECT count(*) AS n FROM \`${projectId}.${datasetId}.events\`` });
console.log(JSON.stringify({
  state: job.status.state,
  error: job.status.errorResult ?? null,
  outputRows: job.statistics.load.outputRows,
  count: rows[0].n,
}));
