package io.moi.jobs.boundary;

import io.moi.api.ApiError;
import io.moi.jobs.control.JobStateException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request the job's state does not allow answers 409 Conflict, saying why. */
@Provider
public class JobStateMapper implements ExceptionMapper<JobStateException> {

  @Override
  public Response toResponse(JobStateException e) {
    return ApiError.of(409, e.getMessage());
  }
}
