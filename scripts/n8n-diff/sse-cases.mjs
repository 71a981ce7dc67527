// Records what eventsource 2.0.2 (the version n8n-nodes-base 2.8.1 pins, behind the SSE Trigger) makes of a set of
// event streams, each sent as the given chunks (one write each, 30 ms apart) by a local server that then ends the
// response; for libs/nodes' EventStreamReaderTest, which replays the same chunks. Re-record:
//   npm install --prefix /tmp/es eventsource@2.0.2
//   NODE_PATH=/tmp/es/node_modules node scripts/n8n-diff/sse-cases.mjs \
//     > libs/nodes/src/test/resources/io/hetumind/nodes/sse/sse-cases.json
import { createRequire } from 'node:module';
import http from 'node:http';
const require = createRequire(import.meta.url);
const EventSource = require('eventsource');

const cases = {
  basic: ['data: {"a":1}\n\n'],
  lineEnds: ['data: a\r\ndata:  b\rdata:c\n\n', 'data: {"x":1}\r\r'],
  crLfSplitAcrossWrites: ['data: a\r', '\ndata: b\r\n\r\n'],
  fieldsNeedANameAndAColon: [
    ': a comment\n', 'data\n', 'data:x\n', 'event: ping\n\n', 'data: y\n\n', 'event: skipped\n\n', 'data: z\n\n',
    'event:\ndata: w\n\n', 'data : spaced name\n\n', ':data: leading colon\n\n', 'DATA: upper\n\n',
  ],
  idsAndEmptyData: ['id: 1\ndata: a\n\n', 'data: b\n\n', 'id: 2\n', 'data:\n\n', 'id:\ndata: c\n\n', 'data: unfinished\n'],
  byteOrderMarks: ['\ufeffdata: first\n\n', '\ufeffdata: at a later write\n\n', 'data: x\n\ufeffdata: mid-write\n\n'],
  unicode: ['data: ünï – 😀 中文\n\n'],
  retryAndUnknownFields: ['retry: 10\nfoo: bar\ndata: a\n\n', 'retry: nope\ndata: b\n\n'],
  spacesKept: ['data:   three\ndata:\ttab\ndata: trailing  \n\n'],
  manyInOneWrite: ['data: 1\n\ndata: 2\n\nevent: ping\ndata: 3\n\ndata: 4\n\n'],
  lineSplitAcrossWrites: ['da', 'ta: sp', 'lit\n', '\n'],
};

const server = http.createServer(async (req, res) => {
  const chunks = cases[decodeURIComponent(req.url.slice(1))];
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  for (const c of chunks) {
    res.write(c);
    await new Promise((r) => setTimeout(r, 30));
  }
  res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

const out = {};
for (const name of Object.keys(cases)) {
  out[name] = await new Promise((resolve) => {
    const events = [];
    const es = new EventSource(`http://127.0.0.1:${port}/${encodeURIComponent(name)}`);
    for (const type of ['message', 'ping', 'skipped']) {
      es.addEventListener(type, (e) => events.push({ type, data: e.data, lastEventId: e.lastEventId }));
    }
    es.onerror = () => {
      es.close();
      resolve({ chunks: cases[name], events });
    };
  });
}
server.close();
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
