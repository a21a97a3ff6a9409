package io.moi;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servlet container's side of one request, for unit tests of code that sits at the servlet or
 * Jakarta Security boundary: a request with its headers, parameters and session, a response that
 * records what was written, and the message context an authentication mechanism answers through.
 * Only what a real container would do is done; a method nobody needed yet throws, so that a test
 * never runs on an invented answer.
 */
public final class ServletExchange {

  private ServletExchange() {}

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            ServletExchange.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> type.getSimpleName() + "@" + System.identityHashCode(proxy);
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> handler.invoke(proxy, method, args);
                }));
  }

  private static UnsupportedOperationException unexpected(Method method) {
    return new UnsupportedOperationException(
        method.getDeclaringClass().getSimpleName() + "." + method.getName());
  }

  /** An incoming request; set what the code under test reads, then hand over {@link #servlet()}. */
  public static final class Request {

    private final String method;
    private final String contextPath;
    private final String path;
    private String scheme = "http";
    private final String remoteAddr = "192.0.2.1";
    private String requestedSessionId;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private Session session;
    private int logouts;
    private final HttpServletRequest servlet = proxy(HttpServletRequest.class, this::answer);

    /** A request for {@code path} within the web application at {@code contextPath}. */
    public Request(String method, String contextPath, String path) {
      this.method = method;
      this.contextPath = contextPath;
      this.path = path;
      headers.put("Host", "moi.example:8080");
    }

    public Request header(String name, String value) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, value);
      }
      return this;
    }

    public Request parameter(String name, String value) {
      parameters.put(name, value);
      return this;
    }

    /** The browser sends the cookie of this session (the container has found it). */
    public Request session(Session existing) {
      this.session = existing;
      this.requestedSessionId = existing.id();
      return this;
    }

    /** The browser sends a session cookie the container no longer knows. */
    public Request requestedSessionId(String id) {
      this.requestedSessionId = id;
      return this;
    }

    /** The session the request has now, null when none. */
    public Session currentSession() {
      return session == null || session.invalidated() ? null : session;
    }

    public int logouts() {
      return logouts;
    }

    /** What was left on the request under {@code name}. */
    public Object attribute(String name) {
      return attributes.get(name);
    }

    public HttpServletRequest servlet() {
      return servlet;
    }

    private Object answer(Object proxy, Method m, Object[] args) {
      return switch (m.getName()) {
        case "getMethod" -> method;
        case "getContextPath" -> contextPath;
        case "getRequestURI" -> contextPath + path;
        case "getServletPath" -> path;
        case "getScheme" -> scheme;
        case "getServerName" -> "moi.example";
        case "getServerPort" -> 8080;
        case "getRemoteAddr" -> remoteAddr;
        case "getHeader" -> headers.get((String) args[0]);
        case "getParameter" -> parameters.get((String) args[0]);
        case "getAttribute" -> attributes.get((String) args[0]);
        case "setAttribute" -> attributes.put((String) args[0], args[1]);
        case "getRequestedSessionId" -> requestedSessionId;
        case "getSession" ->
            args == null || (Boolean) args[0]
                ? sessionCreated()
                : currentSession() == null ? null : session.servlet();
        case "changeSessionId" -> {
          if (currentSession() == null) {
            throw new IllegalStateException("no session to change the ID of");
          }
          yield session.changeId();
        }
        case "logout" -> {
          logouts++;
          yield null;
        }
        default -> throw unexpected(m);
      };
    }

    private HttpSession sessionCreated() {
      if (currentSession() == null) {
        session = new Session();
      }
      return session.servlet();
    }
  }

  /** A session as the container keeps it: attributes until it is invalidated, then only errors. */
  public static final class Session {

    private static final AtomicInteger IDS = new AtomicInteger();

    private String id = "session-" + IDS.incrementAndGet();
    private final Map<String, Object> attributes = new HashMap<>();
    private boolean invalidated;
    private final HttpSession servlet = proxy(HttpSession.class, this::answer);

    public String id() {
      return id;
    }

    public boolean invalidated() {
      return invalidated;
    }

    public Object attribute(String name) {
      return attributes.get(name);
    }

    public HttpSession servlet() {
      return servlet;
    }

    String changeId() {
      id = "session-" + IDS.incrementAndGet();
      return id;
    }

    private Object answer(Object proxy, Method m, Object[] args) {
      if (invalidated && !m.getName().equals("getId")) {
        throw new IllegalStateException(m.getName() + ": the session has been invalidated");
      }
      return switch (m.getName()) {
        case "getId" -> id;
        case "getAttribute" -> attributes.get((String) args[0]);
        case "setAttribute" -> attributes.put((String) args[0], args[1]);
        case "invalidate" -> {
          invalidated = true;
          yield null;
        }
        default -> throw unexpected(m);
      };
    }
  }

  /** A response that keeps its status, headers and body; flushing or redirecting commits it. */
  public static final class Response {

    private int status = 200;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private StringWriter body = new StringWriter();
    private String contentType;
    private String characterEncoding;
    private boolean committed;
    private boolean writerFails;
    private final HttpServletResponse servlet = proxy(HttpServletResponse.class, this::answer);

    /** The client has gone away: writing the body fails. */
    public Response gone() {
      writerFails = true;
      return this;
    }

    public int status() {
      return status;
    }

    public String header(String name) {
      return headers.get(name);
    }

    public String body() {
      return body.toString();
    }

    public String contentType() {
      return contentType;
    }

    public String characterEncoding() {
      return characterEncoding;
    }

    public boolean committed() {
      return committed;
    }

    public HttpServletResponse servlet() {
      return servlet;
    }

    private Object answer(Object proxy, Method m, Object[] args) throws IOException {
      switch (m.getName()) {
        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
        case "getHeader" -> {
          return headers.get((String) args[0]);
        }
        case "getHeaders" -> {
          String value = headers.get((String) args[0]);
          return value == null ? List.of() : List.of(value);
        }
        case "setStatus" -> status = (Integer) args[0];
        case "getStatus" -> {
          return status;
        }
        case "setContentType" -> contentType = (String) args[0];
        case "setCharacterEncoding" -> characterEncoding = (String) args[0];
        case "resetBuffer" -> {
          if (committed) {
            throw new IllegalStateException("resetBuffer after the response was committed");
          }
          body = new StringWriter();
        }
        case "getWriter" -> {
          if (writerFails) {
            throw new IOException("Broken pipe");
          }
          return new PrintWriter(body, true);
        }
        case "flushBuffer" -> committed = true;
        case "isCommitted" -> {
          return committed;
        }
        case "sendRedirect" -> {
          if (committed) {
            throw new IllegalStateException("sendRedirect after the response was committed");
          }
          status = HttpServletResponse.SC_FOUND;
          headers.put("Location", (String) args[0]);
          committed = true;
        }
        default -> throw unexpected(m);
      }
      return null;
    }
  }

  /**
   * What an authentication mechanism tells the container, kept as the container's verdict would be:
   * who was signed in with which groups, or where the browser was sent.
   */
  public static final class MessageContext {

    private final boolean protectedResource;
    private String caller;
    private Set<String> groups;
    private String redirect;
    private boolean nothingDone;
    private final HttpMessageContext servlet = proxy(HttpMessageContext.class, this::answer);

    /**
     * {@code protectedResource}: whether the request is for something behind a security constraint.
     */
    public MessageContext(boolean protectedResource) {
      this.protectedResource = protectedResource;
    }

    /** The signed-in caller's name, null when the mechanism signed nobody in. */
    public String caller() {
      return caller;
    }

    public Set<String> groups() {
      return groups;
    }

    /** Where the browser was sent, null when it was not. */
    public String redirect() {
      return redirect;
    }

    /** Whether the mechanism left the request to the container (a public resource). */
    public boolean nothingDone() {
      return nothingDone;
    }

    public HttpMessageContext servlet() {
      return servlet;
    }

    private Object answer(Object proxy, Method m, Object[] args) {
      return switch (m.getName()) {
        case "isProtected" -> protectedResource;
        case "doNothing" -> {
          nothingDone = true;
          yield AuthenticationStatus.NOT_DONE;
        }
        case "redirect" -> {
          redirect = (String) args[0];
          yield AuthenticationStatus.SEND_CONTINUE;
        }
        case "notifyContainerAboutLogin" -> login(args);
        default -> throw unexpected(m);
      };
    }

    @SuppressWarnings("unchecked")
    private AuthenticationStatus login(Object[] args) {
      if (args.length == 1) {
        var result = (CredentialValidationResult) args[0];
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
          return AuthenticationStatus.SEND_FAILURE;
        }
        caller = result.getCallerPrincipal().getName();
        groups = Set.copyOf(result.getCallerGroups());
      } else {
        caller = args[0] instanceof Principal p ? p.getName() : (String) args[0];
        groups = Set.copyOf((Set<String>) args[1]);
      }
      return AuthenticationStatus.SUCCESS;
    }
  }
}
