"""Real-browser checks of built sites: accessibility, HTML validity, network and JavaScript errors."""
