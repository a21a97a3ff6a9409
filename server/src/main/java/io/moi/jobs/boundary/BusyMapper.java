package io.moi.jobs.boundary;

import io.moi.api.ApiError;
import io.moi.api.ErrorMappers;
import io.moi.jobs.control.ContextBusyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A context whose queue is full answers 503, with the same Retry-After as Redis being down. */
@Provider
public class BusyMapper implements ExceptionMapper<ContextBusyException> {

  @Override
  public Response toResponse(ContextBusyException e) {
    return ApiError.builder(503, e.getMessage())
        .header("Retry-After", ErrorMappers.RETRY_AFTER_SECONDS)
        .build();
  }
}
