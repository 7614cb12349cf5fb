package com.causeway.test.maintainer;

import java.util.Properties;

/** The Maintainer SDK calls of seed 003's config section: beta (gray) release, import and export, listeners (§3.9-3.13). */
final class ConfigGrayScenario {

    private ConfigGrayScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        checks.check("config-gray.todo", true, "no calls yet");
    }
}
