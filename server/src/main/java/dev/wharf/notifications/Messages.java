package dev.wharf.notifications;

/**
 * The texts of the notifications. Each says what changed and what to do if the reader did not expect
 * it, because these mails exist so that an unexpected change to a project's access is noticed.
 */
final class Messages {
    private static final String UNEXPECTED =
            "\nIf you did not expect this change, sign in to Wharf, review the project's settings and its\n"
                    + "security history, and contact the project's owners or the index's administrator.\n";

    private Messages() {}

    static String publisherAddedSubject(String project) {
        return "[Wharf] A trusted publisher was added to " + project;
    }

    static String publisherRemovedSubject(String project) {
        return "[Wharf] A trusted publisher was removed from " + project;
    }

    static String publisherAdded(String project, String publisher) {
        return "The trusted publisher " + publisher + " was added to the project " + project + ".\n"
                + "It can now upload files to " + project + " without an API token.\n" + UNEXPECTED;
    }

    static String publisherRemoved(String project, String publisher) {
        return "The trusted publisher " + publisher + " was removed from the project " + project + ".\n"
                + "It can no longer upload files to " + project + ".\n" + UNEXPECTED;
    }

    static String collaborator(String project, String username, String change) {
        return "The user " + username + " " + change + " the project " + project + ".\n" + UNEXPECTED;
    }

    static String tokenCreated(String description) {
        return "A new API token named \"" + description + "\" was created for your account.\n"
                + "It was shown once when it was created; this mail does not contain it.\n"
                + "\nIf you did not create it, sign in to Wharf, delete the token in your account settings,\n"
                + "and change your password.\n";
    }

    static String pendingPublisherUsed(String project, String publisher) {
        return "Your pending trusted publisher " + publisher + " was used for the first time and created the\n"
                + "project " + project + ". You are its owner, and the publisher is attached to it.\n" + UNEXPECTED;
    }
}
