package io.hetumind.nodes.http;

import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeException;

/** HTTP status reasons and the node errors failed responses become (worded like n8n's). */
final class HttpStatus {

    private HttpStatus() {}

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    static NodeException error(int status, String body, int itemIndex) {
        String message =
                switch (status) {
                    case 400 -> "Bad request - please check your parameters";
                    case 401 -> "Authorization failed - please check your credentials";
                    case 403 -> "Forbidden - perhaps check your credentials?";
                    case 404 -> "The resource you are requesting could not be found";
                    case 405 -> "Method not allowed - please check you are using the right HTTP method";
                    case 429 -> "The service is receiving too many requests from you";
                    case 500 -> "The service was not able to process your request";
                    case 502 -> "Bad gateway - the service failed to handle your request";
                    case 503 ->
                        "Service unavailable - try again later or consider setting this node to retry automatically";
                    case 504 -> "Gateway timed out - perhaps try again later?";
                    default -> "Request failed";
                };
        ErrorKind kind = status >= 500 || status == 429 || status == 408 ? ErrorKind.OPERATIONAL : ErrorKind.USER;
        String snippet = body == null ? "" : body.length() > 1000 ? body.substring(0, 1000) + "…" : body;
        return new HttpNodeError(
                "NodeApiError",
                kind,
                message + " (HTTP " + status + ") [item " + itemIndex + "]",
                itemIndex,
                status + " - " + snippet,
                status);
    }
}
