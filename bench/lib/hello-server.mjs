// Reference ceiling for the HTTP layer: a bare Fastify route answering a JSON body of a given size
// (GET /hello/<bytes>), so each endpoint can be compared with "Fastify doing nothing but replying".
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const bodies = new Map();
function body(bytes) {
  let b = bodies.get(bytes);
  if (!b) {
    const head = '{"success":true,"message":"OK","data":"';
    const tail = '"}';
    b = head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
    bodies.set(bytes, b);
  }
  return b;
}
app.get('/up', async () => ({ ok: true }));
app.get('/hello/:bytes', (req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(body(Math.min(1_000_000, Number(req.params.bytes) || 0)));
});
await app.listen({ port: Number(process.env.BENCH_HELLO_PORT ?? 3902), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
