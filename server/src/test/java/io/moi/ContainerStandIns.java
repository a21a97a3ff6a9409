package io.moi;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.TimeoutHandler;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Hand-written stand-ins for what the container hands to moi's code (the caller, the request, the
 * response, a suspended answer), so resources, filters and servlets can be called directly. Each
 * answers only what moi reads and records what moi does to it; anything else throws, so a test
 * learns when the code starts to depend on more.
 */
public final class ContainerStandIns {

  private ContainerStandIns() {}

  /** The security context of a signed-in user with the given roles. */
  public static SecurityContext signedIn(String name, String... roles) {
    Principal principal = () -> name;
    Set<String> held = Set.of(roles);
    return proxy(
        SecurityContext.class,
        (p, method, args) ->
            switch (method.getName()) {
              case "getUserPrincipal" -> principal;
              case "isUserInRole" -> held.contains((String) args[0]);
              default -> unsupported(method.getName());
            });
  }

  /** The security context of a request that nobody signed in to. */
  public static SecurityContext anonymous() {
    return proxy(
        SecurityContext.class,
        (p, method, args) ->
            switch (method.getName()) {
              case "getUserPrincipal" -> null;
              case "isUserInRole" -> false;
              default -> unsupported(method.getName());
            });
  }

  /** The URI information of a request to an application whose base URI is {@code base}. */
  public static UriInfo baseUri(String base) {
    return proxy(
        UriInfo.class,
        (p, method, args) ->
            switch (method.getName()) {
              case "getBaseUriBuilder" -> UriBuilder.fromUri(base);
              default -> unsupported(method.getName());
            });
  }

  /** A JAX-RS request as a container request filter sees it. */
  public static final class FilteredRequest {
    private final String method;
    private final MediaType type;
    private final int length;
    private InputStream entity;
    private Response abortedWith;

    private FilteredRequest(String method, MediaType type, int length, InputStream entity) {
      this.method = method;
      this.type = type;
      this.length = length;
      this.entity = entity;
    }

    /** A request with a body; {@code length} is its Content-Length, -1 for a chunked body. */
    public static FilteredRequest of(String method, String contentType, int length, byte[] body) {
      return new FilteredRequest(
          method,
          contentType == null ? null : MediaType.valueOf(contentType),
          length,
          new ByteArrayInputStream(body));
    }

    public static FilteredRequest of(String method, String contentType) {
      return of(method, contentType, 0, new byte[0]);
    }

    public ContainerRequestContext context() {
      return proxy(
          ContainerRequestContext.class,
          (p, m, args) ->
              switch (m.getName()) {
                case "getMethod" -> method;
                case "getMediaType" -> type;
                case "getLength" -> length;
                case "getEntityStream" -> entity;
                case "setEntityStream" -> {
                  entity = (InputStream) args[0];
                  yield null;
                }
                case "abortWith" -> {
                  abortedWith = (Response) args[0];
                  yield null;
                }
                default -> unsupported(m.getName());
              });
    }

    /** The answer the filter gave in the resource's stead, or null when it let the request on. */
    public Response abortedWith() {
      return abortedWith;
    }

    /** The body as the resource would read it, through whatever stream the filter set. */
    public InputStream entity() {
      return entity;
    }
  }

  /** A servlet request for a path and query, with request attributes. */
  public static HttpServletRequest servletRequest(
      String uri, String query, Map<String, Object> attributes) {
    return proxy(
        HttpServletRequest.class,
        (p, method, args) ->
            switch (method.getName()) {
              case "getRequestURI" -> uri;
              case "getQueryString" -> query;
              case "getAttribute" -> attributes.get((String) args[0]);
              default -> unsupported(method.getName());
            });
  }

  /** A servlet response that records what is written to it. */
  public static final class RecordedResponse {
    private final Map<String, String> headers = new HashMap<>();
    private final StringWriter body = new StringWriter();
    private int status = 200;
    private String contentType;
    private String encoding;
    private boolean reset;

    public HttpServletResponse response() {
      PrintWriter writer = new PrintWriter(body);
      return proxy(
          HttpServletResponse.class,
          (p, method, args) -> {
            switch (method.getName()) {
              case "resetBuffer" -> {
                reset = true;
                body.getBuffer().setLength(0);
              }
              case "setStatus" -> status = (Integer) args[0];
              case "setHeader" -> headers.put(((String) args[0]).toLowerCase(), (String) args[1]);
              case "setContentType" -> contentType = (String) args[0];
              case "setCharacterEncoding" -> encoding = (String) args[0];
              case "getWriter" -> {
                return writer;
              }
              default -> unsupported(method.getName());
            }
            return null;
          });
    }

    public int status() {
      return status;
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String contentType() {
      return contentType;
    }

    public String encoding() {
      return encoding;
    }

    public boolean wasReset() {
      return reset;
    }

    public String body() {
      return body.toString();
    }
  }

  /**
   * A suspended JAX-RS answer. Like the container's, it runs its completion callbacks once it is
   * resumed; it records every resume, also those that come after the first (which the container
   * would ignore), so a test sees code that resumes an answer twice.
   */
  public static final class Suspension {
    private final List<Object> resumes = new ArrayList<>();
    private final List<CompletionCallback> callbacks = new ArrayList<>();
    private TimeoutHandler timeoutHandler;
    private long timeoutSeconds = -1;

    public AsyncResponse response() {
      return proxy(
          AsyncResponse.class,
          (p, method, args) ->
              switch (method.getName()) {
                case "resume" -> {
                  boolean first = resumes.isEmpty();
                  resumes.add(args[0]);
                  if (first) {
                    List.copyOf(callbacks).forEach(callback -> callback.onComplete(null));
                  }
                  yield first;
                }
                case "register" -> {
                  if (args.length == 1 && args[0] instanceof CompletionCallback callback) {
                    callbacks.add(callback);
                    yield List.of(CompletionCallback.class);
                  }
                  yield unsupported("register of " + args[0]);
                }
                case "setTimeout" -> {
                  timeoutSeconds = ((TimeUnit) args[1]).toSeconds((Long) args[0]);
                  yield true;
                }
                case "setTimeoutHandler" -> {
                  timeoutHandler = (TimeoutHandler) args[0];
                  yield null;
                }
                case "isSuspended" -> resumes.isEmpty();
                case "isDone" -> !resumes.isEmpty();
                default -> unsupported(method.getName());
              });
    }

    /** What the answer was resumed with, in order. */
    public List<Object> resumes() {
      return List.copyOf(resumes);
    }

    /** The time limit the code set, in seconds; -1 when it set none. */
    public long timeoutSeconds() {
      return timeoutSeconds;
    }

    /** The container's time limit runs out: the code's timeout handler is called. */
    public void timeOut(AsyncResponse response) {
      if (timeoutHandler == null) {
        throw new IllegalStateException("no timeout handler was set");
      }
      timeoutHandler.handleTimeout(response);
    }
  }

  /**
   * The container's scheduler, run by hand: it keeps each scheduled task with its delay, and the
   * test runs them in order. Told to refuse, it throws as a scheduler that is shutting down.
   */
  public static final class HandScheduler {
    /** A task and the delay, in milliseconds, it was scheduled with. */
    public record Task(Runnable task, long delayMillis) {}

    private final java.util.Deque<Task> pending = new java.util.ArrayDeque<>();
    private boolean refusing;

    public ManagedScheduledExecutorService scheduler() {
      return proxy(
          ManagedScheduledExecutorService.class,
          (p, method, args) -> {
            if (method.getName().equals("schedule")
                && args.length == 3
                && args[0] instanceof Runnable task) {
              if (refusing) {
                throw new RejectedExecutionException("shutting down");
              }
              pending.add(new Task(task, ((TimeUnit) args[2]).toMillis((Long) args[1])));
              return null;
            }
            return unsupported(method.getName());
          });
    }

    /** From now on every task is refused. */
    public void refuse() {
      refusing = true;
    }

    /** The delays of the tasks waiting to run, oldest first. */
    public List<Long> delays() {
      return pending.stream().map(Task::delayMillis).toList();
    }

    /** Runs the oldest waiting task and answers its delay. */
    public long runNext() {
      Task next = pending.remove();
      next.task().run();
      return next.delayMillis();
    }

    /** Runs tasks, also those they schedule, until none is left; answers their delays in order. */
    public List<Long> runAll(int atMost) {
      List<Long> ran = new ArrayList<>();
      while (!pending.isEmpty()) {
        if (ran.size() == atMost) {
          throw new AssertionError("still scheduling after " + atMost + " tasks: " + ran);
        }
        ran.add(runNext());
      }
      return ran;
    }
  }

  /** A CDI event that records what is fired, or fails each firing with the given exception. */
  public static final class RecordedEvent<T> {
    private final List<T> fired = new ArrayList<>();
    private RuntimeException failure;

    @SuppressWarnings("unchecked")
    public Event<T> event() {
      return proxy(
          Event.class,
          (p, method, args) -> {
            if (method.getName().equals("fire")) {
              fired.add((T) args[0]);
              if (failure != null) {
                throw failure;
              }
              return null;
            }
            return unsupported(method.getName());
          });
    }

    /** Each listener fails from now on. */
    public void failWith(RuntimeException e) {
      failure = e;
    }

    public List<T> fired() {
      return List.copyOf(fired);
    }
  }

  /** The body of a request, as UTF-8 bytes. */
  public static InputStream body(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            ContainerStandIns.class.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) ->
                switch (method.getName()) {
                  case "toString" -> type.getSimpleName() + " stand-in";
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == args[0];
                  default -> handler.invoke(p, method, args);
                }));
  }

  private static <T> T unsupported(String what) {
    throw new UnsupportedOperationException(what + " is not part of this stand-in");
  }
}
