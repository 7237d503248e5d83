package dev.junction.query.osb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.instance.Operation;
import dev.junction.query.instance.InstanceView.OperationState;
import dev.junction.query.instance.InstanceView.Task;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The OSB answer to a poll of one operation. A failed operation is a 200 with {@code "state": "failed"},
 * never an error status; a finished deletion (deprovision, unbind) is 410 Gone, which the platform takes as
 * success. While it runs, {@code Retry-After} tells the platform when to ask again.
 */
final class OsbLastOperation {

    /** Seconds between polls: a task runs three containers, each for seconds at least. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final int MAX_OPERATION_CHARS = 20;

    private OsbLastOperation() {
    }

    /** The task number of an {@code operation} parameter ({@code task-N}), or a 400 naming it. */
    static int taskNumber(String operation) {
        if (operation.length() > MAX_OPERATION_CHARS || !operation.matches("task-[1-9][0-9]{0,8}")) {
            throw new InvalidInputException("operation", "must be an operation this broker returned (task-N)");
        }
        return Integer.parseInt(operation.substring("task-".length()));
    }

    /** {@code instanceUsable}: whether the instance can still be used (not failed, not gone), as its view says now. */
    static ResponseEntity<ObjectNode> answer(Task task, boolean instanceUsable) {
        boolean deletion = task.operation() == Operation.DEPROVISION || task.operation() == Operation.UNBIND;
        if (deletion && task.state() == OperationState.SUCCEEDED) {
            return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_JSON)
                    .body(JsonNodeFactory.instance.objectNode());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("state", task.state().osb());
        body.put("description", task.description() != null && !task.description().isBlank()
                ? task.description() : describe(task));
        if (task.state() == OperationState.FAILED) {
            // the spec allows it for updates and deprovisions only; a failed one leaves the instance as it
            // was, which is failed when its provision had failed
            if (task.operation() == Operation.UPDATE || task.operation() == Operation.DEPROVISION) {
                body.put("instance_usable", instanceUsable);
            }
            if (task.operation() == Operation.UPDATE) {
                body.put("update_repeatable", true);
            }
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (task.state() == OperationState.IN_PROGRESS) {
            ok.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return ok.body(body);
    }

    private static String describe(Task task) {
        String what = task.operation().name().toLowerCase();
        return switch (task.state()) {
            case IN_PROGRESS -> what + " in progress";
            case SUCCEEDED -> what + " succeeded";
            case FAILED -> what + " failed";
        };
    }
}
