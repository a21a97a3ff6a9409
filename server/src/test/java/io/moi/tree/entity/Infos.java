package io.moi.tree.entity;

import io.moi.redis.RedisKeys;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Info objects for tests, with defaults for what a test does not care about: a job named as its ID,
 * Queued in the default context under {@code root}, created at {@link #CREATED}. A test names only
 * what it is about: {@code aJob("j").under("g").status("Running").build()}.
 */
public final class Infos {

  /** The creation date of every node a test does not date itself. */
  public static final String CREATED = "2026-03-01 12:00:00.000000";

  private Infos() {}

  public static Builder aJob(String id) {
    return new Builder(id, Info.JOB).status("Queued");
  }

  /** A group; without {@link Builder#under} a user's root group, with no parent. */
  public static Builder aGroup(String id) {
    return new Builder(id, Info.GROUP).under((String) null);
  }

  /** Fluent and mutable; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final String id;
    private final String type;
    private JsonValue name;
    private String url;
    private String parent = "root";
    private String context = Info.DEFAULT_CONTEXT;
    private String status;
    private JsonValue result;
    private String created = CREATED;
    private String started;
    private String ended;

    private Builder(String id, String type) {
      this.id = id;
      this.type = type;
      named(id);
    }

    /** The display name; null for a node without one. */
    public Builder named(String text) {
      name = text == null ? null : JsonProvider.provider().createValue(text);
      return this;
    }

    public Builder under(String parentId) {
      parent = parentId;
      return this;
    }

    public Builder under(Info parentNode) {
      return under(parentNode.id());
    }

    public Builder inContext(String name) {
      context = name;
      return this;
    }

    public Builder withUrl(String value) {
      url = value;
      return this;
    }

    public Builder status(String value) {
      status = value;
      return this;
    }

    public Builder created(String date) {
      created = date;
      return this;
    }

    /** Running since the date. */
    public Builder started(String date) {
      started = date;
      return status("Running");
    }

    /** Ended with the terminal status and result at the date. */
    public Builder ended(String terminalStatus, JsonValue value, String date) {
      ended = date;
      result = value;
      return status(terminalStatus);
    }

    public Info build() {
      return new Info(
          id,
          name,
          type,
          RedisKeys.pubsub(id),
          url,
          parent,
          context,
          status,
          result,
          created,
          started,
          ended);
    }

    public String toJson() {
      return build().toJson();
    }
  }
}
