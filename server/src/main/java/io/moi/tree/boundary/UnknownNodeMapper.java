package io.moi.tree.boundary;

import io.moi.api.ApiError;
import io.moi.tree.control.UnknownNodeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A node that does not exist, or that the caller may not see, answers 404. The exception is an
 * IllegalArgumentException, which answers 400; JAX-RS picks the mapper of the closest type, so this
 * one wins for it and for its subclasses (an unknown schedule).
 */
@Provider
public class UnknownNodeMapper implements ExceptionMapper<UnknownNodeException> {

  @Override
  public Response toResponse(UnknownNodeException e) {
    return ApiError.of(404, e.getMessage());
  }
}
