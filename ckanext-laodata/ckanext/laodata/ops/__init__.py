"""Operations: backups and restore, and the integrity of stored files (issue 14, item 2)."""
