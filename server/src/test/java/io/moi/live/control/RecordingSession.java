package io.moi.live.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A websocket connection as the container hands it to moi, standing in for the peer: it records
 * every frame sent (through the send writer or with a completion handler) and the close, and either
 * completes each completion handler at once, within the call, or holds it until the test completes
 * it, as a container does whose peer does not read.
 */
public final class RecordingSession {

  /**
   * A frame as it left: its text, whether it went with a completion handler, the thread's context
   * loader.
   */
  public record Sent(String text, boolean withCompletion, ClassLoader contextLoader) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final BlockingQueue<SendHandler> held = new LinkedBlockingQueue<>();
  private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
  private final Principal principal;
  public final Session session;

  /** Whether completion handlers are held instead of completed at once. */
  volatile boolean holding;

  /**
   * Whether the connection is broken: the send writer fails, and a send with a completion handler
   * completes with the failure, as a container's does. Both, because the client's first checkpoint
   * comes at a random frame, which may be the first.
   */
  volatile boolean writesFail;

  /** Whether a send with a completion handler is refused with an exception. */
  volatile boolean asyncRefused;

  /** Whether closing the connection fails. */
  volatile boolean closeFails;

  volatile boolean open = true;
  public volatile long maxIdleTimeout = -1;

  public RecordingSession(String user) {
    this.principal = user == null ? null : () -> user;
    this.session =
        proxy(
            Session.class,
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getBasicRemote" -> basic();
                  case "getAsyncRemote" -> async();
                  case "isOpen" -> open;
                  case "close" -> {
                    if (closeFails) {
                      throw new IOException("connection reset");
                    }
                    closes.add(
                        args == null
                            ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                            : (CloseReason) args[0]);
                    open = false;
                    yield null;
                  }
                  case "getUserPrincipal" -> principal;
                  case "setMaxIdleTimeout" -> {
                    maxIdleTimeout = (Long) args[0];
                    yield null;
                  }
                  case "getId" -> Integer.toHexString(System.identityHashCode(proxy));
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "toString" -> "session of " + user;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private RemoteEndpoint.Basic basic() {
    return proxy(
        RemoteEndpoint.Basic.class,
        (proxy, method, args) -> {
          if (!method.getName().equals("getSendWriter")) {
            throw new UnsupportedOperationException(method.getName());
          }
          if (writesFail) {
            throw new IOException("broken pipe");
          }
          return new StringWriter() {
            @Override
            public void close() {
              sent.add(new Sent(toString(), false, Thread.currentThread().getContextClassLoader()));
            }
          };
        });
  }

  private RemoteEndpoint.Async async() {
    return proxy(
        RemoteEndpoint.Async.class,
        (proxy, method, args) -> {
          if (!method.getName().equals("sendText") || args.length != 2) {
            throw new UnsupportedOperationException(method.getName());
          }
          if (asyncRefused) {
            throw new IllegalStateException("the connection is closing");
          }
          SendHandler handler = (SendHandler) args[1];
          if (writesFail) {
            handler.onResult(new SendResult(new IOException("broken pipe")));
            return null;
          }
          sent.add(
              new Sent((String) args[0], true, Thread.currentThread().getContextClassLoader()));
          if (holding) {
            held.add(handler);
          } else {
            handler.onResult(new SendResult());
          }
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(
            RecordingSession.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** The texts of the frames sent so far, in order. */
  public List<String> frames() {
    return sent.stream().map(Sent::text).toList();
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<CloseReason> closes() {
    return List.copyOf(closes);
  }

  /** Waits for a held completion handler and completes it, successfully or with a failure. */
  void completeHeld(Throwable failure) throws InterruptedException {
    SendHandler handler = held.poll(10, TimeUnit.SECONDS);
    if (handler == null) {
      throw new AssertionError("no send is waiting for its completion");
    }
    handler.onResult(failure == null ? new SendResult() : new SendResult(failure));
  }

  public int heldCount() {
    return held.size();
  }

  /** Waits (with a deadline) until the condition holds. */
  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(2);
    }
  }

  public static List<String> numbered(String prefix, int count) {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(prefix + i);
    }
    return frames;
  }
}
