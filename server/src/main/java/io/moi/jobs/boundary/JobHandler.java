package io.moi.jobs.boundary;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an application's {@link NamedJobHandler}: a job submitted with that name and JSON arguments
 * runs on whichever server takes it, so every server must deploy the handler. The bean also needs a
 * scope ({@code @ApplicationScoped} or {@code @Dependent}):
 *
 * <pre>{@code
 * @ApplicationScoped
 * @JobHandler("import-orders")
 * public class ImportOrders implements NamedJobHandler {
 *   public Object run(Job job, JsonValue args) { ... }
 * }
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface JobHandler {

  /** The name jobs are submitted with. */
  String value();

  /** A {@code @JobHandler(name)} to select a handler with. */
  final class Literal extends AnnotationLiteral<JobHandler> implements JobHandler {

    private static final long serialVersionUID = 1L;
    private final String value;

    public Literal(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }
}
