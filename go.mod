module github.com/netsum/netsum

go 1.26.8
