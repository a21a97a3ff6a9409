package io.moi.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Protocol.Keyword;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A MULTI/EXEC block sent in one write and answered in one read: one round trip. Jedis's own
 * transaction reads the QUEUED replies before it sends EXEC, which costs a second one.
 *
 * <p>Expiries follow the rule of a Redis shared with the original moi, which never expires its
 * keys: a key that exists without an expiry never gets one, a key created here gets the retention,
 * and a key that has an expiry has it refreshed. Where that needs a key's current expiry, a short
 * script decides inside the block (EVAL, not EVALSHA: a script missing from Redis's cache would
 * fail alone at EXEC while the rest of the block is applied).
 */
public final class AtomicWrite {

  // KEYS[1] the key; ARGV[1] the value, ARGV[2] the retention in seconds.
  private static final String STORE =
      """
      if redis.call('TTL', KEYS[1]) == -1 then return redis.call('SET', KEYS[1], ARGV[1]) end
      return redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])""";

  // KEYS[1] the set, KEYS[2] the key of the group that owns it; ARGV[1] the member, ARGV[2]
  // the retention. A new set lives as long as its group: forever when the group has no expiry.
  private static final String ADD_MEMBER =
      """
      local existed = redis.call('EXISTS', KEYS[1])
      redis.call('SADD', KEYS[1], ARGV[1])
      if existed == 1 then return redis.call('EXPIRE', KEYS[1], ARGV[2], 'XX') end
      if redis.call('TTL', KEYS[2]) ~= -1 then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
      return 0""";

  private final List<CommandArguments> commands = new ArrayList<>();
  private final Map<String, Predicate<String>> guards = new LinkedHashMap<>();

  /**
   * Applies the block only if {@code key}'s value (null when there is none) passes {@code expected}
   * when the block is sent and is not changed by anyone before it is applied (WATCH): otherwise
   * {@link #execute} throws a {@link ConflictingWriteException} and nothing is written. A guarded
   * block costs a second round trip.
   */
  public AtomicWrite onlyIf(String key, Predicate<String> expected) {
    guards.merge(key, expected, Predicate::and);
    return this;
  }

  /**
   * Stores a value: with the retention, unless the key exists without an expiry, which it then
   * keeps.
   */
  public AtomicWrite store(String key, String value, long ttlSeconds) {
    return add(
        new CommandArguments(Command.EVAL).add(STORE).add(1).key(key).add(value).add(ttlSeconds));
  }

  /**
   * Adds a member to a group's set. The set's expiry is refreshed if it has one; a new set gets the
   * retention unless its group exists without an expiry.
   */
  public AtomicWrite addMember(String setKey, String member, String groupKey, long ttlSeconds) {
    return add(
        new CommandArguments(Command.EVAL)
            .add(ADD_MEMBER)
            .add(2)
            .key(setKey)
            .key(groupKey)
            .add(member)
            .add(ttlSeconds));
  }

  /** Refreshes a key's expiry; a key without one (or no key) is left as it is. */
  public AtomicWrite refreshExpiry(String key, long ttlSeconds) {
    return add(new CommandArguments(Command.EXPIRE).key(key).add(ttlSeconds).add(Keyword.XX));
  }

  /** SET only if the key does not exist. */
  public AtomicWrite setIfAbsent(String key, String value, long ttlSeconds) {
    return add(
        new CommandArguments(Command.SET)
            .key(key)
            .add(value)
            .add(Keyword.NX)
            .add(Keyword.EX)
            .add(ttlSeconds));
  }

  public AtomicWrite sadd(String key, String member) {
    return add(new CommandArguments(Command.SADD).key(key).add(member));
  }

  /**
   * Appends an entry to a stream. Not idempotent: should the block be sent twice, the stream holds
   * the entry twice, and its reader skips the copy whose job is no longer Queued.
   */
  public AtomicWrite xadd(String stream, Map<String, String> fields) {
    var command = new CommandArguments(Command.XADD).key(stream).add("*");
    fields.forEach((field, value) -> command.add(field).add(value));
    return add(command);
  }

  /** Acknowledges a stream entry for a consumer group and deletes it: its work is done. */
  public AtomicWrite acknowledge(String stream, String group, String entryId) {
    add(new CommandArguments(Command.XACK).key(stream).add(group).add(entryId));
    return add(new CommandArguments(Command.XDEL).key(stream).add(entryId));
  }

  /** Adds the commands of another block at the end of this one. */
  public AtomicWrite and(AtomicWrite more) {
    commands.addAll(more.commands);
    more.guards.forEach(this::onlyIf);
    return this;
  }

  public AtomicWrite srem(String key, String member) {
    return add(new CommandArguments(Command.SREM).key(key).add(member));
  }

  public AtomicWrite publish(String channel, String message) {
    return add(new CommandArguments(Command.PUBLISH).add(channel).add(message));
  }

  /** SET with no expiry, for this project's keys that live until deleted (schedules). */
  public AtomicWrite set(String key, String value) {
    return add(new CommandArguments(Command.SET).key(key).add(value));
  }

  public AtomicWrite del(String key) {
    return add(new CommandArguments(Command.DEL).key(key));
  }

  public AtomicWrite zadd(String key, long score, String member) {
    return add(new CommandArguments(Command.ZADD).key(key).add(score).add(member));
  }

  public AtomicWrite zrem(String key, String member) {
    return add(new CommandArguments(Command.ZREM).key(key).add(member));
  }

  private AtomicWrite add(CommandArguments command) {
    commands.add(command);
    return this;
  }

  /**
   * Sends the block and checks every reply; throws JedisException on any failure, and {@link
   * ConflictingWriteException} when a guard ({@link #onlyIf}) is not met. A dead pooled connection
   * fails before anything reached Redis and the block is sent once more: every command here is
   * idempotent but PUBLISH, and a repeated notification only makes listeners read the node again.
   */
  public void execute(Redis redis) {
    redis.withConnection(this::send);
  }

  private Void send(Connection connection) {
    if (!guards.isEmpty()) {
      watch(connection);
    }
    connection.sendCommand(Command.MULTI);
    commands.forEach(connection::sendCommand);
    connection.sendCommand(Command.EXEC);
    List<Object> replies = connection.getMany(commands.size() + 2);
    for (Object reply : replies) {
      check(reply);
    }
    if (!guards.isEmpty() && replies.get(replies.size() - 1) == null) {
      throw new ConflictingWriteException("changed while being written: " + guards.keySet());
    }
    if (!(replies.get(replies.size() - 1) instanceof List<?>)) {
      throw new JedisDataException("transaction was discarded");
    }
    return null;
  }

  // WATCH, then read the guarded keys: a change after the read aborts the EXEC.
  private void watch(Connection connection) {
    List<String> keys = List.copyOf(guards.keySet());
    connection.sendCommand(new CommandArguments(Command.WATCH).keys(keys.toArray()));
    connection.sendCommand(new CommandArguments(Command.MGET).keys(keys.toArray()));
    List<Object> replies = connection.getMany(2);
    replies.forEach(AtomicWrite::check);
    List<?> values = (List<?>) replies.get(1);
    for (int i = 0; i < keys.size(); i++) {
      Object raw = values.get(i);
      String value = raw == null ? null : SafeEncoder.encode((byte[]) raw);
      if (!guards.get(keys.get(i)).test(value)) {
        connection.sendCommand(Command.UNWATCH);
        connection.getOne();
        throw new ConflictingWriteException(keys.get(i) + " is not as expected");
      }
    }
  }

  private static void check(Object reply) {
    if (reply instanceof JedisDataException e) {
      throw e;
    }
    if (reply instanceof List<?> nested) {
      nested.forEach(AtomicWrite::check);
    }
  }
}
