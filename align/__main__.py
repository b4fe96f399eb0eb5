from align.cli import main

main()
