"""Readers and writers of every file format tiegraph knows (one module each)."""

from __future__ import annotations

from .folder import NetworkData, check_folder, read_folder, write_folder

__all__ = ["NetworkData", "check_folder", "read_folder", "write_folder"]
