package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  private final AllowedOrigins origins = origins(null, null);

  private static AllowedOrigins origins(String configured, String formerName) {
    var origins = new AllowedOrigins();
    origins.configured = Optional.ofNullable(configured);
    origins.formerName = Optional.ofNullable(formerName);
    return origins;
  }

  /** A request as the container hands it over: a scheme and headers, nothing else is read. */
  private static HttpServletRequest request(String scheme, String... headers) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      fields.put(headers[i], headers[i + 1]);
    }
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            AllowedOriginsTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getScheme" -> scheme;
                  case "getHeader" -> fields.get((String) args[0]);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void theServersOwnOriginIsTheSchemeAndHostTheClientUsedWithoutADefaultPort() {
    assertThat(AllowedOrigins.own(request("http", "Host", "moi.example:8080")))
        .isEqualTo("http://moi.example:8080");
    assertThat(AllowedOrigins.own(request("http", "Host", "Moi.Example:80")))
        .isEqualTo("http://moi.example");
    assertThat(AllowedOrigins.own(request("https", "Host", "moi.example:443")))
        .isEqualTo("https://moi.example");
    assertThat(
            origins.refusal(
                request("http", "Host", "moi.example", "Origin", "http://moi.example"), true))
        .isEmpty();
    assertThat(
            origins.refusal(
                request("http", "Host", "moi.example", "Origin", "https://moi.example"), true))
        .as("another scheme is another origin")
        .isPresent();
  }

  @Test
  void anotherPortOfTheSameHostIsRefusedAndSaysWhy() {
    var refusal =
        origins.refusal(
            request(
                "http",
                "Host",
                "127.0.0.1:8080",
                "Origin",
                "http://127.0.0.1:9000",
                "Sec-Fetch-Site",
                "same-site"),
            true);
    assertThat(refusal)
        .hasValueSatisfying(
            r -> assertThat(r).contains("http://127.0.0.1:9000", "http://127.0.0.1:8080"));
  }

  @Test
  void theBrowsersSecFetchSiteMustSaySameOriginUnlessTheOriginIsListed() {
    assertThat(
            origins.refusal(request("http", "Host", "h:1", "Sec-Fetch-Site", "same-origin"), true))
        .isEmpty();
    assertThat(origins.refusal(request("http", "Host", "h:1", "Sec-Fetch-Site", "none"), true))
        .isEmpty();
    assertThat(
            origins.refusal(
                request(
                    "http", "Host", "h:1", "Origin", "http://h:1", "Sec-Fetch-Site", "same-site"),
                true))
        .hasValueSatisfying(r -> assertThat(r).contains("Sec-Fetch-Site: same-site"));
    assertThat(
            origins.refusal(request("http", "Host", "h:1", "Sec-Fetch-Site", "cross-site"), false))
        .isPresent();

    var listed = origins(" https://app.example/ , https://other.example", null);
    assertThat(
            listed.refusal(
                request(
                    "http",
                    "Host",
                    "h:1",
                    "Origin",
                    "HTTPS://APP.EXAMPLE",
                    "Sec-Fetch-Site",
                    "cross-site"),
                true))
        .isEmpty();
    assertThat(listed.refusal(request("http", "Host", "h:1", "Origin", "http://h:1"), true))
        .as("the server's own stays allowed")
        .isEmpty();
    assertThat(
            listed.refusal(request("http", "Host", "h:1", "Origin", "https://evil.example"), true))
        .isPresent();
  }

  @Test
  void aRequestThatNamesNoOriginIsRefusedOnlyWhereOneIsRequired() {
    assertThat(origins.refusal(request("http", "Host", "h:1"), true))
        .hasValueSatisfying(r -> assertThat(r).contains("Origin header is missing"));
    assertThat(origins.refusal(request("http", "Host", "h:1"), false)).isEmpty();
  }

  @Test
  void theOlderSettingNameStillCountsAndTheNewOneWins() {
    var older = origins(null, "https://app.example");
    assertThat(older.refusal(request("http", "Host", "h:1", "Origin", "https://app.example"), true))
        .isEmpty();
    var both = origins("https://new.example", "https://app.example");
    assertThat(both.refusal(request("http", "Host", "h:1", "Origin", "https://app.example"), true))
        .isPresent();
    assertThat(both.refusal(request("http", "Host", "h:1", "Origin", "https://new.example"), true))
        .isEmpty();
  }

  @Test
  void aRefusalNamesEachAllowedOriginOnceTheServersOwnFirst() {
    var listed = origins("https://app.example/, http://h:1, ,", null);

    var refusal =
        listed.refusal(request("http", "Host", "h:1", "Origin", "https://evil.example"), true);

    assertThat(refusal)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .endsWith("allowed: http://h:1, https://app.example (moi.allowed-origins)"));
  }

  @Test
  void anEmptyEntryInTheSettingAllowsNoBlankOrigin() {
    var listed = origins("https://app.example, ,https://other.example", null);

    assertThat(listed.refusal(request("http", "Host", "h:1", "Origin", " "), true)).isPresent();
  }

  @Test
  void withoutAHostHeaderTheOwnOriginIsTheServersNameAndPort() {
    var request = new ServletExchange.Request("POST", "", "/api/jobs").header("Host", null);

    assertThat(AllowedOrigins.own(request.servlet())).isEqualTo("http://moi.example:8080");
    assertThat(origins.refusal(request.header("Origin", "http://moi.example:8080").servlet(), true))
        .isEmpty();
  }
}
