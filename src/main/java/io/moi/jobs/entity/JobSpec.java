package io.moi.jobs.entity;

import io.moi.tree.entity.Info;

/**
 * Where and how a job is created: its parent group, display name, context, result URL, and
 * an optional caller-chosen ID (a random UUID otherwise).
 */
public record JobSpec(String parent, String name, String context, String url, String id) {

  public JobSpec {
    if (parent == null || parent.isEmpty()) {
      throw new IllegalArgumentException("a job needs a parent group");
    }
    context = context == null || context.isBlank() ? Info.DEFAULT_CONTEXT : context;
  }

  public static JobSpec under(String parent, String name) {
    return new JobSpec(parent, name, null, null, null);
  }

  public JobSpec inContext(String newContext) {
    return new JobSpec(parent, name, newContext, url, id);
  }

  public JobSpec withUrl(String newUrl) {
    return new JobSpec(parent, name, context, newUrl, id);
  }

  public JobSpec withId(String newId) {
    return new JobSpec(parent, name, context, url, newId);
  }
}
