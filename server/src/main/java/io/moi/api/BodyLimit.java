package io.moi.api;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies larger than {@code moi.api.max-body} bytes with 413: at once when
 * Content-Length says so, and while reading when the body is chunked.
 *
 * <p>A CDI bean of its own: with {@code bean-discovery-mode="annotated"} a provider that is not one
 * gets no configuration on servers whose MicroProfile Config produces values for beans only
 * (GlassFish).
 */
@Dependent
@Provider
public class BodyLimit implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "moi.api.max-body")
  long maxBody;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBody) {
      request.abortWith(ApiError.of(413, tooLarge()));
      return;
    }
    request.setEntityStream(new Limited(request.getEntityStream()));
  }

  private String tooLarge() {
    return "the request body is larger than " + maxBody + " bytes";
  }

  private final class Limited extends FilterInputStream {
    private long read;

    Limited(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > maxBody) {
        throw new WebApplicationException(ApiError.of(413, tooLarge()));
      }
    }
  }
}
