pytest_plugins = ["oracle.plugin"]
