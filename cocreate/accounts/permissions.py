"""Who may change a person's own settings; registered from AccountsConfig.ready."""

from __future__ import annotations

import rules

# Units, privacy and notification preferences: one's own, so an account is all it takes.
rules.add_perm("accounts.change_own_settings", rules.is_authenticated)
