package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The result of {@code send_welcome_sequence}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WelcomeSequence(
        String userId,
        String plan,
        List<String> channelsUsed,
        int messagesSent,
        String welcomeSequenceId,
        String status,
        List<WelcomeMessage> messagesSentDetails,
        int totalMessages,
        String sequenceId,
        String sentAt) {}
