// B1, the ceiling: bare node:http answering a fixed 2 KB JSON body.
import { serve, serverArgs } from './common.js';

const body = Buffer.from(JSON.stringify({ data: { text: 'x'.repeat(2048 - 21) } }));
const headers = { 'content-type': 'application/json', 'content-length': String(body.byteLength) };
const { port } = serverArgs();
serve(
  port,
  (_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  },
  () => 0,
);
