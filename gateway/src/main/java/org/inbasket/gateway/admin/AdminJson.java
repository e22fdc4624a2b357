package org.inbasket.gateway.admin;

import java.util.Map;

import org.apache.james.webadmin.utils.ErrorResponder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import spark.HaltException;
import spark.Request;

/** JSON in and out for the gateway's admin routes, and their error answers (James's WebAdmin error format). */
final class AdminJson {
    static final String TYPE = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AdminJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Request request) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(body, Map.class);
        } catch (JsonProcessingException e) {
            throw badRequest("the body is not a JSON object: " + e.getOriginalMessage());
        }
    }

    static HaltException badRequest(String message) {
        return ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message).haltError();
    }

    static HaltException notFound(String message) {
        return ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message).haltError();
    }

    static HaltException serverError(String message, Exception cause) {
        return ErrorResponder.builder().statusCode(500).type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message(message).cause(cause).haltError();
    }
}
