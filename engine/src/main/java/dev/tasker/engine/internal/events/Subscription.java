package dev.tasker.engine.internal.events;

import dev.tasker.engine.DomainEventSubscriber;
import java.util.regex.Pattern;

/** A subscriber and the event names it wants: {@code *} matches any run of characters ({@code payment.*}). */
public record Subscription(String pattern, Pattern regex, DomainEventSubscriber subscriber) {

    public static Subscription of(String pattern, DomainEventSubscriber subscriber) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            re.append(re.isEmpty() && part.isEmpty() ? "" : "")
                    .append(Pattern.quote(part))
                    .append(".*");
        }
        String regex = re.substring(0, re.length() - 2);
        return new Subscription(pattern, Pattern.compile(regex), subscriber);
    }

    boolean matches(String eventName) {
        return regex.matcher(eventName).matches();
    }
}
