// The contract check (ctest openapi_contract): runs the real firststop-server, sends it a
// request for every documented operation and every answer a desk can provoke, and checks each
// reply against docs/openapi.yaml: the status must be documented for that operation, the
// Content-Type must be the documented one, and the body must validate against the documented
// schema (ajv, with every object closed, so a member the document does not name is an error).
// The request bodies sent are checked against the document too. Every operation must have been
// exercised; documented answers that were not provoked are listed.
//
//   scripts/openapi/run.sh contract SERVER_EXECUTABLE
//
// Needs the npm tools of scripts/openapi (FIRSTSTOP_OPENAPI_TOOLS, set by scripts/openapi/run.sh).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(join(process.env.FIRSTSTOP_OPENAPI_TOOLS ?? '.', 'node_modules', 'x.js'));
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
const YAML = require('yaml');

const [serverExe, specPath] = process.argv.slice(2);
if (!serverExe || !specPath) {
  console.error('usage: contract-check.mjs SERVER_EXECUTABLE OPENAPI_YAML');
  process.exit(2);
}

const specText = readFileSync(specPath, 'utf8');
const spec = YAML.parse(specText);

// Every object schema closed: the server may not send members the document does not name.
function closeObjects(node) {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
  } else if (node && typeof node === 'object') {
    if (node.type === 'object' && node.properties && node.additionalProperties === undefined) {
      node.additionalProperties = false;
    }
    Object.values(node).forEach(closeObjects);
  }
}
const closed = structuredClone(spec);
closeObjects(closed.components.schemas);

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isSafeInteger(n) });
ajv.addFormat('password', true);
ajv.addKeyword('example');
// Each component schema under an id of its own; references to it are rewritten to that id.
const schemaId = (name) => `urn:firststop:schema:${name}`;
const retarget = (schema) =>
  JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\/([^"]+)"/g,
    (_, name) => JSON.stringify(schemaId(name))));
for (const [name, schema] of Object.entries(closed.components.schemas)) {
  ajv.addSchema({ ...retarget(schema), $id: schemaId(name) });
}

const resolve = (obj) => {
  let o = obj;
  while (o && o.$ref) {
    o = o.$ref.slice(2).split('/').reduce((n, k) => n[k], spec);
  }
  return o;
};
const validators = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) {
    validators.set(key, ajv.compile(retarget(schema)));
  }
  return validators.get(key);
}

const failures = [];
const exercised = new Set(); // "METHOD path status"
let checks = 0;

function fail(what, detail) {
  failures.push(`${what}: ${detail}`);
  console.error(`FAIL ${what}: ${detail}`);
}

function operation(method, path) {
  const item = spec.paths[path];
  return item ? item[method.toLowerCase()] : undefined;
}

function checkRequestBody(method, path, body) {
  const op = operation(method, path);
  const media = op?.requestBody?.content?.['application/json'];
  if (!media || body === undefined || typeof body !== 'object') {
    return;
  }
  const validate = validatorFor(media.schema);
  if (!validate(body)) {
    fail(`${method} ${path} request`, ajv.errorsText(validate.errors));
  }
}

// Sends one request and checks the reply against the document. Returns { status, json, text }.
async function call(method, url, path, { body, token, raw, expect, headers: extra } = {}) {
  const headers = { ...(extra ?? {}) };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    checkRequestBody(method, path, body);
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  const label = `${method} ${url.replace(/^https?:\/\/[^/]+/, '')} → ${response.status}`;
  checks += 1;
  if (expect !== undefined && response.status !== expect) {
    fail(label, `expected status ${expect}; body ${text.slice(0, 300)}`);
  }
  // A method the path does not have is answered 405, documented on the path's operations.
  let op = operation(method, path);
  let opMethod = method;
  if (!op && response.status === 405 && spec.paths[path]) {
    [opMethod, op] = Object.entries(spec.paths[path])[0];
    opMethod = opMethod.toUpperCase();
  }
  if (!op) {
    fail(label, `${method} ${path} is not in the document`);
    return { status: response.status, text };
  }
  const documented = resolve(op.responses?.[String(response.status)]);
  if (!documented) {
    fail(label, `status ${response.status} is not documented for ${opMethod} ${path}`);
    return { status: response.status, text };
  }
  exercised.add(`${opMethod} ${path} ${response.status}`);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const value = response.headers.get(name);
    if (value === null) {
      fail(label, `the documented header ${name} is missing`);
    } else if (header.schema?.type === 'integer' && !/^\d+$/.test(value)) {
      fail(label, `header ${name} is not an integer: ${value}`);
    }
  }
  const content = documented.content;
  if (!content) {
    if (text.length !== 0) {
      fail(label, `no body is documented, but one came: ${text.slice(0, 200)}`);
    }
    return { status: response.status, text };
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = content[contentType];
  if (!media) {
    fail(label, `Content-Type ${contentType} is not documented (${Object.keys(content)})`);
    return { status: response.status, text };
  }
  let value = text;
  if (contentType === 'application/json') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      fail(label, `the body is not JSON: ${e.message}`);
      return { status: response.status, text };
    }
  }
  const validate = validatorFor(media.schema);
  if (!validate(value)) {
    fail(label, `${ajv.errorsText(validate.errors)}\n  body: ${text.slice(0, 400)}`);
  }
  return { status: response.status, json: value, text, headers: response.headers };
}

function startServer(dir) {
  const args = [
    '--port', '0', '--allow-plain-http',
    '--database', `sqlite:${join(dir, 'centre.db')}`,
    '--demo-users', '--demo', '25', '--snapshot-min-people', '10',
    '--add-user', 'guesser:right:counter:Test Office',
  ];
  const child = spawn(serverExe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/firststop-server: listening on (https?:\/\/\S+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: m[1], stderr: () => stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${stderr}`));
    });
  });
}

async function exercise(base) {
  const u = (p) => base + p;

  await call('GET', u('/health'), '/health', { expect: 200 });
  await call('POST', u('/health'), '/health', { body: {}, expect: 405 });
  const doc = await call('GET', u('/openapi.yaml'), '/openapi.yaml', { expect: 200 });
  if (doc.text !== specText) {
    fail('GET /openapi.yaml', 'the served document is not docs/openapi.yaml');
  }
  await call('DELETE', u('/openapi.yaml'), '/openapi.yaml', { expect: 405 });

  // Log-in, refresh, log-out.
  const login = (username, password) =>
    call('POST', u('/auth/login'), '/auth/login',
      { body: { username, password, device: 'contract-check' } });
  const counter = (await login('counter1', 'counter1-demo')).json;
  const lead = (await login('lead1', 'lead1-demo')).json;
  const library = (await login('library1', 'library1-demo')).json;
  await call('POST', u('/auth/login'), '/auth/login', { raw: '{"username":', expect: 400 });
  await call('POST', u('/auth/login'), '/auth/login', { raw: '{"username":"x"}', expect: 400 });
  await call('GET', u('/auth/login'), '/auth/login', { expect: 405 });
  for (let i = 0; i < 5; ++i) {
    const r = await login('guesser', `guess-${i}`);
    if (r.status !== 401) fail('rate limit set-up', `attempt ${i} got ${r.status}`);
  }
  const limited = await login('guesser', 'right');
  if (limited.status !== 429) fail('POST /auth/login', `expected 429 after 5 failures, got ${limited.status}`);
  await call('POST', u('/auth/login'), '/auth/login',
    { raw: ' '.repeat(16 * 1024 * 1024 + 1), expect: 413 });

  const rotated = await call('POST', u('/auth/refresh'), '/auth/refresh',
    { body: { refresh_token: lead.refresh_token }, expect: 200 });
  await call('POST', u('/auth/refresh'), '/auth/refresh',
    { body: { refresh_token: lead.refresh_token }, expect: 401 }); // reused
  await call('POST', u('/auth/refresh'), '/auth/refresh', { raw: '[]', expect: 400 });
  await call('GET', u('/auth/refresh'), '/auth/refresh', { expect: 405 });
  await call('POST', u('/auth/refresh'), '/auth/refresh',
    { raw: ' '.repeat(16 * 1024 * 1024 + 1), expect: 413 });
  if (rotated.json?.refresh_token === lead.refresh_token) {
    fail('POST /auth/refresh', 'the refresh token did not rotate');
  }

  // The people snapshot: refused without a token, with another method, for another cache
  // version (whose numbers the refusal names); then served once the background build is done.
  await call('GET', u('/snapshot/people?schema=1&index=1'), '/snapshot/people', { expect: 401 });
  await call('POST', u('/snapshot/people'), '/snapshot/people',
    { token: counter.access_token, body: {}, expect: 405 });
  const other = await call('GET', u('/snapshot/people?schema=0&index=0'), '/snapshot/people',
    { token: counter.access_token, expect: 409 });
  const versions = /schema (\d+), search index (\d+)/.exec(other.json?.error?.message ?? '');
  if (!versions) {
    fail('GET /snapshot/people', 'the 409 does not name the centre\'s versions');
  } else {
    let snapshot;
    for (let i = 0; i < 100; ++i) {
      snapshot = await call('GET', u(`/snapshot/people?schema=${versions[1]}&index=${versions[2]}`),
        '/snapshot/people', { token: counter.access_token });
      if (snapshot.status !== 503) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (snapshot.status !== 200 || !snapshot.text.startsWith('SQLite format 3')) {
      fail('GET /snapshot/people', `no snapshot file came (status ${snapshot.status})`);
    }
    // In pieces: the first names the file (ETag) and its length, the next is pinned to it; a
    // piece of a file no longer served is refused, and so is a range past the end.
    const snapshotUrl = u(`/snapshot/people?schema=${versions[1]}&index=${versions[2]}`);
    const token = counter.access_token;
    const first = await call('GET', snapshotUrl, '/snapshot/people',
      { token, headers: { Range: 'bytes=0-99' }, expect: 206 });
    const etag = first.headers?.get('etag');
    const length = /^bytes 0-99\/(\d+)$/.exec(first.headers?.get('content-range') ?? '')?.[1];
    if (!etag || !length || !first.text.startsWith('SQLite format 3')) {
      fail('GET /snapshot/people', `the first piece does not name its file: ${etag} ${length}`);
    } else {
      const next = await call('GET', snapshotUrl, '/snapshot/people',
        { token, headers: { Range: 'bytes=100-', 'If-Match': etag }, expect: 206 });
      if (next.headers?.get('content-range') !== `bytes 100-${length - 1}/${length}` ||
          next.headers?.get('etag') !== etag) {
        fail('GET /snapshot/people', `the rest of the file is not what was asked for: ${next.headers?.get('content-range')}`);
      }
      const replaced = await call('GET', snapshotUrl, '/snapshot/people',
        { token, headers: { Range: 'bytes=100-199', 'If-Match': '"another-file"' }, expect: 412 });
      if (replaced.json?.error?.code !== 'snapshot_replaced') {
        fail('GET /snapshot/people', 'a piece of another file was not refused as replaced');
      }
      const past = await call('GET', snapshotUrl, '/snapshot/people',
        { token, headers: { Range: `bytes=${length}-` }, expect: 416 });
      if (past.headers?.get('content-range') !== `bytes */${length}`) {
        fail('GET /snapshot/people', 'a range past the end does not say how long the file is');
      }
    }
  }

  // Pull.
  const token = counter.access_token;
  const page = await call('GET', u('/changes?limit=10'), '/changes', { token, expect: 200 });
  if (!page.json?.changes?.length) fail('GET /changes', 'the demo people are missing');
  await call('GET', u('/changes?since=0&limit=5000'), '/changes', { token, expect: 200 });
  await call('GET', u('/changes?since=-1'), '/changes', { token, expect: 400 });
  await call('GET', u('/changes?limit=0'), '/changes', { token, expect: 400 });
  await call('GET', u('/changes'), '/changes', { expect: 401 });
  await call('GET', u('/changes'), '/changes', { token: 'made-up', expect: 401 });
  await call('POST', u('/changes'), '/changes', { token, body: {}, expect: 405 });

  // Push: applied, duplicate, conflict, rejected, and a tombstone in the feed.
  const someone = page.json.changes[0];
  const clientId = randomUUID();
  const person = randomUUID();
  const create = {
    id: randomUUID(), type: 'person', op: 'upsert', entity_id: person, base_version: 0,
    fields: { given_name: 'Siân', family_name: "O'Brien-Nwosu", date_of_birth: '1985-03-12',
      postcode: 'CF10 1AA', email: null },
  };
  const pushed = await call('POST', u('/mutations'), '/mutations',
    { token, body: { client_id: clientId, mutations: [create] }, expect: 200 });
  const version = pushed.json?.results?.[0]?.version ?? 0;
  await call('POST', u('/mutations'), '/mutations',
    { token, body: { client_id: clientId, mutations: [create] }, expect: 200 }); // duplicate
  const edit = (phone, base) => ({
    id: randomUUID(), type: 'person', op: 'upsert', entity_id: person, base_version: base,
    fields: { phone },
  });
  await call('POST', u('/mutations'), '/mutations',
    { token, body: { client_id: clientId, mutations: [edit('029 2018 0111', version)] } });
  const conflict = await call('POST', u('/mutations'), '/mutations',
    { token, body: { client_id: randomUUID(), mutations: [edit('029 2018 0222', version)] }, expect: 200 });
  const statuses = [pushed, conflict].map((r) => r.json?.results?.[0]?.status);
  const rejected = await call('POST', u('/mutations'), '/mutations', {
    token: library.access_token, expect: 200,
    body: { client_id: randomUUID(), mutations: [
      { id: randomUUID(), type: 'person', op: 'delete', entity_id: someone.id, base_version: someone.seq },
    ] },
  });
  const deleted = await call('POST', u('/mutations'), '/mutations', {
    token, expect: 200,
    body: { client_id: randomUUID(), mutations: [
      { id: randomUUID(), type: 'person', op: 'delete', entity_id: someone.id, base_version: someone.seq },
    ] },
  });
  statuses.push(rejected.json?.results?.[0]?.status, deleted.json?.results?.[0]?.status);
  const wanted = ['applied', 'conflict', 'rejected', 'applied'];
  if (JSON.stringify(statuses) !== JSON.stringify(wanted)) {
    fail('POST /mutations', `statuses ${statuses}, expected ${wanted}`);
  }
  // Other kinds of record (models/EntityType.cpp): an enquiry and a note on it in the feed, and
  // the service catalogue, which a counter may not write (403, nothing of the batch applied).
  const enquiry = randomUUID();
  const made = new Date().toISOString();
  await call('POST', u('/mutations'), '/mutations', {
    token, expect: 200,
    body: { client_id: clientId, mutations: [
      { id: randomUUID(), type: 'enquiry', op: 'upsert', entity_id: enquiry, base_version: 0,
        fields: { person_id: person, office: counter.user.office, channel: 'phone',
          category: 'lgsl:524', summary: 'Bin collection missed', status: 'open',
          opened_at: made } },
      { id: randomUUID(), type: 'enquiry_note', op: 'upsert', entity_id: randomUUID(),
        base_version: 0,
        fields: { enquiry_id: enquiry, office: counter.user.office, text: 'Rang back',
          created_at: made } },
    ] },
  });
  await call('POST', u('/mutations'), '/mutations', {
    token, expect: 403,
    body: { client_id: clientId, mutations: [
      { id: randomUUID(), type: 'service_category', op: 'upsert', entity_id: randomUUID(),
        base_version: 0, fields: { key: 'lgsl:1', label: 'Council tax' } },
    ] },
  });
  const tail = await call('GET', u(`/changes?since=${someone.seq - 1}&limit=5000`), '/changes',
    { token, expect: 200 });
  if (!tail.json?.changes?.some((c) => c.id === someone.id && c.deleted)) {
    fail('GET /changes', 'the tombstone of the deleted person is missing');
  }
  if (!tail.json?.changes?.some((c) => c.id === enquiry && c.type === 'enquiry')) {
    fail('GET /changes', 'the enquiry is missing from the counter\'s feed');
  }
  await call('POST', u('/mutations'), '/mutations', { token, raw: '{"client_id":', expect: 400 });
  await call('POST', u('/mutations'), '/mutations', { body: { client_id: clientId, mutations: [] }, expect: 401 });
  await call('GET', u('/mutations'), '/mutations', { token, expect: 405 });
  await call('POST', u('/mutations'), '/mutations',
    { token, raw: ' '.repeat(16 * 1024 * 1024 + 1), expect: 413 });

  // Merging duplicates: a team lead only; the enquiry moves and the duplicate stays a redirect.
  const duplicate = randomUUID();
  await call('POST', u('/mutations'), '/mutations', {
    token, expect: 200,
    body: { client_id: clientId, mutations: [
      { id: randomUUID(), type: 'person', op: 'upsert', entity_id: duplicate, base_version: 0,
        fields: { given_name: 'Sian', family_name: 'ap Rhys', phone: '029 2018 0999' } },
    ] },
  });
  const mergeBody = { survivor_id: duplicate, merged_id: person, take_from_merged: ['postcode'] };
  await call('POST', u('/people/merge'), '/people/merge', { token, body: mergeBody, expect: 403 });
  const leadToken = (await login('lead1', 'lead1-demo')).json.access_token; // the family above was revoked
  const merged = await call('POST', u('/people/merge'), '/people/merge',
    { token: leadToken, body: mergeBody, expect: 200 });
  if (merged.json?.records_moved !== 1) fail('POST /people/merge', 'the enquiry did not move');
  await call('POST', u('/people/merge'), '/people/merge',
    { token: leadToken, body: { ...mergeBody, merged_id: duplicate }, expect: 409 });
  await call('POST', u('/people/merge'), '/people/merge',
    { token: leadToken, body: { ...mergeBody, merged_id: randomUUID() }, expect: 404 });
  await call('POST', u('/people/merge'), '/people/merge',
    { token: leadToken, raw: '{"survivor_id":', expect: 400 });
  await call('POST', u('/people/merge'), '/people/merge', { body: mergeBody, expect: 401 });
  await call('GET', u('/people/merge'), '/people/merge', { token: leadToken, expect: 405 });
  await call('POST', u('/people/merge'), '/people/merge',
    { token: leadToken, raw: ' '.repeat(16 * 1024 * 1024 + 1), expect: 413 });
  const afterMerge = await call('GET', u(`/changes?since=${version}&limit=5000`), '/changes',
    { token, expect: 200 });
  if (!afterMerge.json?.changes?.some((c) => c.id === person && c.data?.merged_into === duplicate)) {
    fail('GET /changes', 'the merged record\'s redirect is missing');
  }
  // A team lead transfers the enquiry to another office: the counter's feed then says it left
  // the desk's scope (left_scope, no data) and names the scope the page was made for.
  const enquiryNow = afterMerge.json?.changes?.find((c) => c.id === enquiry);
  const transferred = await call('POST', u('/mutations'), '/mutations', {
    token: leadToken, expect: 200,
    body: { client_id: randomUUID(), mutations: [
      { id: randomUUID(), type: 'enquiry', op: 'upsert', entity_id: enquiry,
        base_version: enquiryNow?.seq ?? 0, fields: { office: 'Cardiff Central Library' } },
    ] },
  });
  if (transferred.json?.results?.[0]?.status !== 'applied') {
    fail('POST /mutations', `the transfer was ${transferred.json?.results?.[0]?.status}`);
  }
  const afterTransfer = await call('GET', u(`/changes?since=${enquiryNow?.seq ?? 0}&limit=5000`),
    '/changes', { token, expect: 200 });
  if (!afterTransfer.json?.changes?.some((c) => c.id === enquiry && c.left_scope && !c.data)) {
    fail('GET /changes', 'the transferred enquiry\'s left_scope entry is missing');
  }
  if (afterTransfer.json?.scope?.office !== counter.user.office) {
    fail('GET /changes', 'the page does not name the scope it was made for');
  }

  await call('POST', u('/auth/logout'), '/auth/logout', { token, expect: 204 });
  await call('POST', u('/auth/logout'), '/auth/logout', { token, expect: 401 });
  await call('GET', u('/auth/logout'), '/auth/logout', { token, expect: 405 });
  await call('POST', u('/auth/logout'), '/auth/logout',
    { token, raw: ' '.repeat(16 * 1024 * 1024 + 1), expect: 413 });
}

const dir = mkdtempSync(join(tmpdir(), 'firststop-contract-'));
let server;
try {
  server = await startServer(dir);
  await exercise(server.base);
} catch (e) {
  fail('contract check', e.stack ?? String(e));
  if (server) console.error(server.stderr());
} finally {
  server?.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

const notProvoked = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const statuses = Object.keys(op.responses ?? {});
    const hit = statuses.filter((s) => exercised.has(`${method.toUpperCase()} ${path} ${s}`));
    if (hit.length === 0) {
      fail(`${method.toUpperCase()} ${path}`, 'no reply of this operation was checked');
    }
    for (const s of statuses) {
      if (!hit.includes(s) && s !== '500') notProvoked.push(`${method.toUpperCase()} ${path} ${s}`);
    }
  }
}
if (notProvoked.length) {
  console.log(`documented answers not provoked: ${notProvoked.join(', ')}`);
}
console.log(`${checks} replies checked against ${specPath}; ${failures.length} problem(s)`);
process.exit(failures.length ? 1 : 0);
