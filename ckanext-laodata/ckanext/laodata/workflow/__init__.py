"""Submit / review / publish (DESIGN §5). So far: a unit submits its dataset."""
