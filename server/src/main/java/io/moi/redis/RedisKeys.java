package io.moi.redis;

/** The Redis key names of the moi protocol (section 2): nothing else spells a key. */
public final class RedisKeys {

  /** Hash mapping usernames to root group UUIDs and back. */
  public static final String USER_ID_MAP = "user-id-map";

  /** The literal group of jobs submitted with no user. */
  public static final String NO_USER = "no-user";

  /** Prefix of this project's own keys, which never collide with node IDs. */
  public static final String OWN_PREFIX = "moi:";

  /** Marks that the member sets of earlier versions have been moved to their protocol names. */
  public static final String LEGACY_SETS_MOVED = OWN_PREFIX + "legacy-member-sets-moved";

  /**
   * The IDs of every server seen, scored by the time of its last heartbeat (ms since the epoch); a
   * dead one is removed once recovered.
   */
  public static final String NODES = OWN_PREFIX + "nodes";

  /** The consumer group of every context's queue. */
  public static final String QUEUE_GROUP = "moi";

  private static final String CHILDREN_SUFFIX = ":children";
  // Earlier versions of this server followed the original README and kept members here.
  private static final String LEGACY_CHILDREN_SUFFIX = ":jobs";
  private static final String PUBSUB_SUFFIX = ":pubsub";

  private RedisKeys() {}

  /** The string key holding a node's info object. */
  public static String info(String id) {
    return id;
  }

  /** The set of a group's direct children. */
  public static String children(String groupId) {
    return groupId + CHILDREN_SUFFIX;
  }

  /** Where earlier versions of this server kept a group's children. */
  public static String legacyChildren(String groupId) {
    return groupId + LEGACY_CHILDREN_SUFFIX;
  }

  /** The pattern that matches every legacy member set (and perhaps other keys). */
  public static String allLegacyChildren() {
    return "*" + LEGACY_CHILDREN_SUFFIX;
  }

  /** The group a legacy member set belongs to, or null for a key that is not named like one. */
  public static String groupOfLegacyChildren(String key) {
    return key.endsWith(LEGACY_CHILDREN_SUFFIX) && key.length() > LEGACY_CHILDREN_SUFFIX.length()
        ? key.substring(0, key.length() - LEGACY_CHILDREN_SUFFIX.length())
        : null;
  }

  /** The pub/sub channel of a node. */
  public static String pubsub(String id) {
    return id + PUBSUB_SUFFIX;
  }

  /** The node ID a pub/sub channel belongs to, or null for a channel that is not a node's. */
  public static String idOfPubsub(String channel) {
    return channel.endsWith(PUBSUB_SUFFIX) && channel.length() > PUBSUB_SUFFIX.length()
        ? channel.substring(0, channel.length() - PUBSUB_SUFFIX.length())
        : null;
  }

  /** The pattern that matches every node's channel. */
  public static String allPubsub() {
    return "*" + PUBSUB_SUFFIX;
  }

  /** Whether an ID would be read as one of the other keys above. */
  public static boolean clashes(String id) {
    return id.equals(USER_ID_MAP)
        || id.startsWith(OWN_PREFIX)
        || id.endsWith(CHILDREN_SUFFIX)
        || id.endsWith(LEGACY_CHILDREN_SUFFIX)
        || id.endsWith(PUBSUB_SUFFIX);
  }

  /** The stream of a context's portable jobs waiting or running. */
  public static String queue(String context) {
    return OWN_PREFIX + "queue:" + context;
  }

  /** A server's heartbeat: its state as JSON, expiring unless renewed. */
  public static String node(String nodeId) {
    return OWN_PREFIX + "node:" + nodeId;
  }

  /** The IDs of the local (function) jobs a server holds. */
  public static String localJobs(String nodeId) {
    return OWN_PREFIX + "node:" + nodeId + ":local";
  }

  /**
   * Jobs waiting for their time (a delayed start or the next attempt), scored by when they are due
   * (ms since the epoch); a due one moves to its context's queue exactly once.
   */
  public static final String DELAYED = OWN_PREFIX + "delayed";

  /** The channel on which servers ask each other to cancel the jobs they hold. */
  public static final String CONTROL = OWN_PREFIX + "control";

  /** Schedules by when they next fire (ms since the epoch); paused ones are not here. */
  public static final String SCHEDULES_DUE = OWN_PREFIX + "schedules";

  /**
   * What a portable job runs and how (its queue entry's fields, its context, attempts so far): kept
   * while the job is, for its retries, a delayed start and a re-run.
   */
  public static String work(String jobId) {
    return OWN_PREFIX + "work:" + jobId;
  }

  /** The mark that a job is to be cancelled: who asked, and when. */
  public static String cancel(String jobId) {
    return OWN_PREFIX + "cancel:" + jobId;
  }

  /** A schedule, as JSON. */
  public static String schedule(String scheduleId) {
    return OWN_PREFIX + "schedule:" + scheduleId;
  }

  /** The IDs of one user's schedules. */
  public static String schedulesOf(String user) {
    return OWN_PREFIX + "schedules-of:" + user;
  }
}
