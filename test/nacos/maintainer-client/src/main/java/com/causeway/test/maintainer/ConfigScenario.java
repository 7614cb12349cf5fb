package com.causeway.test.maintainer;

import java.util.Properties;

/** The Maintainer SDK calls of seed 003's config section. */
final class ConfigScenario {

    private ConfigScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        checks.check("config.todo", true, "no calls yet");
    }
}
