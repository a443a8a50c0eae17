package dev.switchboard.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * R0: the plainest RabbitMQ request/reply loop with the RabbitMQ Java client — what the gateway's RPC
 * path does, with nothing else: a server consuming a durable request queue (manual ack, prefetch 100)
 * that publishes a user-sized reply to {@code reply_to} and acks; a client keeping N requests in flight
 * (correlation ids, an exclusive reply queue). Prints requests/s and latency percentiles.
 *
 * <p>Usage: {@code RpcLoop <amqp uri> <in flight> <seconds> <warm-up seconds>}
 */
public final class RpcLoop {
  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int inFlight = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    String queue = "bench.r0." + UUID.randomUUID().toString().substring(0, 8);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    try (Connection serverConnection = factory.newConnection("bench-r0-server");
         Connection clientConnection = factory.newConnection("bench-r0-client")) {
      Channel server = serverConnection.createChannel();
      server.queueDeclare(queue + ".dlq", true, false, false, null);
      server.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
          "x-dead-letter-routing-key", queue + ".dlq"));
      server.basicQos(100);
      byte[] reply = BareServer.BODY.getBytes();
      server.basicConsume(queue, false, new DefaultConsumer(server) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
            throws java.io.IOException {
          AMQP.BasicProperties replyProps = new AMQP.BasicProperties.Builder()
              .correlationId(props.getCorrelationId()).contentType("application/json").deliveryMode(1)
              .headers(Map.of("status", 200)).build();
          getChannel().basicPublish("", props.getReplyTo(), replyProps, reply);
          getChannel().basicAck(envelope.getDeliveryTag(), false);
        }
      });

      Channel client = clientConnection.createChannel();
      String replyQueue = client.queueDeclare("", false, true, true, null).getQueue();
      Map<String, Long> sent = new ConcurrentHashMap<>();
      Recorder latencies = new Recorder(3);
      long[] done = {0};
      byte[] request = "{\"user_id\":1}".getBytes(StandardCharsets.UTF_8);
      Object lock = new Object();
      Runnable send = () -> {
        String id = UUID.randomUUID().toString();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(id).replyTo(replyQueue)
            .type("get").contentType("application/json").deliveryMode(1).expiration("5000").build();
        sent.put(id, System.nanoTime());
        try {
          synchronized (lock) {
            client.basicPublish("", queue, props, request);
          }
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      };
      client.basicConsume(replyQueue, true, new DefaultConsumer(client) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
          Long start = sent.remove(props.getCorrelationId());
          if (start != null) {
            latencies.recordValue((System.nanoTime() - start) / 1_000);
            synchronized (done) {
              done[0]++;
            }
            send.run();
          }
        }
      });
      for (int i = 0; i < inFlight; i++) {
        send.run();
      }
      TimeUnit.SECONDS.sleep(warmup);
      latencies.getIntervalHistogram();
      long before;
      synchronized (done) {
        before = done[0];
      }
      long start = System.nanoTime();
      TimeUnit.SECONDS.sleep(seconds);
      long after;
      synchronized (done) {
        after = done[0];
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      var histogram = latencies.getIntervalHistogram();
      System.out.printf("R0 inflight=%d rps=%.1f p50_us=%d p99_us=%d%n", inFlight, (after - before) / elapsed,
          histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99));
      server.queueDelete(queue);
      server.queueDelete(queue + ".dlq");
    }
    System.exit(0);
  }
}
