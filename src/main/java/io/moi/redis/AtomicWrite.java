package io.moi.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Protocol.Keyword;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A MULTI/EXEC block sent in one write and answered in one read: one round trip. Jedis's own
 * transaction reads the QUEUED replies before it sends EXEC, which costs a second one.
 */
public final class AtomicWrite {

  private final List<CommandArguments> commands = new ArrayList<>();

  public AtomicWrite set(String key, String value, long ttlSeconds) {
    return add(new CommandArguments(Command.SET).key(key).add(value).add(Keyword.EX).add(ttlSeconds));
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

  public AtomicWrite srem(String key, String member) {
    return add(new CommandArguments(Command.SREM).key(key).add(member));
  }

  public AtomicWrite expire(String key, long ttlSeconds) {
    return add(new CommandArguments(Command.EXPIRE).key(key).add(ttlSeconds));
  }

  public AtomicWrite publish(String channel, String message) {
    return add(new CommandArguments(Command.PUBLISH).add(channel).add(message));
  }

  private AtomicWrite add(CommandArguments command) {
    commands.add(command);
    return this;
  }

  /**
   * Sends the block and checks every reply; throws JedisException on any failure. A dead pooled
   * connection fails before anything reached Redis and the block is sent once more: every
   * command here is idempotent but PUBLISH, and a repeated notification only makes listeners
   * read the node again.
   */
  public void execute(Redis redis) {
    redis.withConnection(this::send);
  }

  private Void send(Connection connection) {
    connection.sendCommand(Command.MULTI);
    commands.forEach(connection::sendCommand);
    connection.sendCommand(Command.EXEC);
    List<Object> replies = connection.getMany(commands.size() + 2);
    for (Object reply : replies) {
      check(reply);
    }
    if (!(replies.get(replies.size() - 1) instanceof List<?>)) {
      throw new JedisDataException("transaction was discarded");
    }
    return null;
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
