package dev.tasker.spring.boot;

import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The handlers of the test template starter/invoice, as the three kinds of handler beans. */
@Configuration(proxyBeanMethods = false)
public class StarterHandlers {

    /** A bean with a {@code @Handler} method. */
    public static final class Checks {
        @Handler("starter.check")
        public Map<String, Object> check(@Input("amount") int amount) {
            return Map.of("positive", amount > 0);
        }
    }

    /** A StepHandler named by {@link HandlesCallable}; it waits at {@link #gate} when one is set. */
    @HandlesCallable("starter.price")
    public static final class Price implements StepHandler {
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static final AtomicInteger calls = new AtomicInteger();
        static volatile boolean interrupted;

        @Override
        public StepHandlerResult call(StepContext context) throws Exception {
            calls.incrementAndGet();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                interrupted = true;
                throw e;
            }
            return StepHandlerResult.success(
                    Map.of("total", context.getInput("amount").asInt() * 2));
        }
    }

    @Bean
    Checks checks() {
        return new Checks();
    }

    @Bean
    Price price() {
        return new Price();
    }

    /** A StepHandler handling the callable of its bean name. */
    @Bean("starter.notify")
    StepHandler notifier() {
        return context -> StepHandlerResult.success(Map.of("sent", true));
    }
}
