package io.hetumind.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of every problem {@code type}; the slug after it is stable API. */
    public static final String TYPE_BASE = "https://hetumind.io/problems/";

    /** One invalid input field: a path into the request and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
