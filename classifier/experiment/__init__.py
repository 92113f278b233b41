"""Moderation experiments on scored comments: threshold sweeps, thread views, policies, reports."""
