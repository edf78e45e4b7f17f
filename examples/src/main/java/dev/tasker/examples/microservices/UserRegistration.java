package dev.tasker.examples.microservices;

import dev.tasker.engine.TaskerBuilder;
import java.time.InstantSource;

/**
 * The user registration workflow across microservices, {@code microservices_py/user_registration}
 * ({@code tasker/templates/microservices_user_registration.yaml}): billing and preferences run in parallel
 * once the account exists. Its handlers and rules are in {@link RegistrationHandlers}.
 */
public final class UserRegistration {
    /** The template's namespace. */
    public static final String NAMESPACE = "microservices_py";
    /** The template's name. */
    public static final String NAME = "user_registration";

    private UserRegistration() {}

    /** Registers the five handlers on the system clock. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, InstantSource.system());
    }

    /** Registers the five handlers, with times from {@code clock}. */
    public static TaskerBuilder register(TaskerBuilder builder, InstantSource clock) {
        return builder.handlers(new RegistrationHandlers(clock));
    }
}
