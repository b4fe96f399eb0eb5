"""Development harnesses (not installed): damage simulation, fault injection, evaluation of the stages."""
