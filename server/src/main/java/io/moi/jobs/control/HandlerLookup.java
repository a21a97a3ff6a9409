package io.moi.jobs.control;

import io.moi.jobs.entity.JobFunction;

/** Finds the named handler a portable job was submitted with. */
public interface HandlerLookup {

  /**
   * The handler's work with its arguments; throws IllegalArgumentException when this server deploys
   * no handler of that name.
   */
  JobFunction function(String name, String argsJson);
}
