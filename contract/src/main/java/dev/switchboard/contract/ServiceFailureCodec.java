package dev.switchboard.contract;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Carries {@link ServiceFailure} replies across the event bus, in one JVM (the instance itself) or
 * across a cluster (its JSON). Every process installs it with {@link #install(Vertx)} before it sends or
 * serves requests.
 */
public final class ServiceFailureCodec implements MessageCodec<ServiceFailure, ServiceFailure> {
  public static final String NAME = "switchboard.service-failure";

  /**
   * Registers the codec as the default for {@link ServiceFailure} on this Vert.x instance, once: the process's
   * application does it when it starts (several applications may share one instance, as in the tests).
   */
  public static void install(Vertx vertx) {
    if (vertx.sharedData().getLocalMap(NAME).putIfAbsent(NAME, Boolean.TRUE) == null) {
      vertx.eventBus().registerDefaultCodec(ServiceFailure.class, new ServiceFailureCodec());
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, ServiceFailure failure) {
    Buffer json = failure.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public ServiceFailure decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return ServiceFailure.fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public ServiceFailure transform(ServiceFailure failure) {
    return failure;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
