"""Rule packs and report templates shipped with disclosurelint (YAML data, no code)."""
