"""Policy checks for the StreamRelay CloudFormation templates (run by ../check_policies.py)."""
