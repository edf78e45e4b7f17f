package dev.tasker.examples.spring;

import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.spring.boot.HandlesCallable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A plain StepHandler bean, named by the callable it handles. */
@Component
@HandlesCallable("billing.notify_customer")
public class NotifyCustomer implements StepHandler {

    @Override
    public StepHandlerResult call(StepContext context) {
        String customer = context.getInput("customer").asText();
        String entry =
                context.getDependencyField("book_invoice", "ledger_entry").asText();
        return StepHandlerResult.success(Map.of("notified", customer, "ledger_entry", entry));
    }
}
