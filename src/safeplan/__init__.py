"""safeplan: confidential safety planning and risk management."""
