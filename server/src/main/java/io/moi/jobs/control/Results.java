package io.moi.jobs.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Turns what a job returned or threw into the JSON value stored as its result. */
@ApplicationScoped
public class Results {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();

  private Jsonb jsonb;

  @PostConstruct
  void open() {
    jsonb = JsonbBuilder.create();
  }

  @PreDestroy
  void close() {
    try {
      jsonb.close();
    } catch (Exception e) {
      System.getLogger(Results.class.getName())
          .log(System.Logger.Level.WARNING, "Closing JSON-B failed", e);
    }
  }

  /** Arguments of a handler job as JSON; IllegalArgumentException when JSON-B cannot write them. */
  public JsonValue arguments(Object args) {
    try {
      return toJson(args);
    } catch (ResultNotJsonException e) {
      throw new IllegalArgumentException(
          "the job's arguments cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  JsonValue toJson(Object value) throws ResultNotJsonException {
    if (value == null) {
      return JsonValue.NULL;
    }
    if (value instanceof JsonValue json) {
      return json;
    }
    try {
      String text = jsonb.toJson(value);
      try (var reader = JSON.createReader(new StringReader(text))) {
        return reader.readValue();
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw new ResultNotJsonException(value, e);
    }
  }
}
