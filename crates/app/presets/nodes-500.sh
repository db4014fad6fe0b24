# A 500-node cluster over three zones; every tenth node is labelled ssd=true.
# node-exporter runs everywhere, nginx-fast-storage only on the ssd nodes.
sim node add node-001 --label topology.kubernetes.io/zone=zone-1
sim node add node-002 --label topology.kubernetes.io/zone=zone-2
sim node add node-003 --label topology.kubernetes.io/zone=zone-3
sim node add node-004 --label topology.kubernetes.io/zone=zone-1
sim node add node-005 --label topology.kubernetes.io/zone=zone-2
sim node add node-006 --label topology.kubernetes.io/zone=zone-3
sim node add node-007 --label topology.kubernetes.io/zone=zone-1
sim node add node-008 --label topology.kubernetes.io/zone=zone-2
sim node add node-009 --label topology.kubernetes.io/zone=zone-3
sim node add node-010 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-011 --label topology.kubernetes.io/zone=zone-2
sim node add node-012 --label topology.kubernetes.io/zone=zone-3
sim node add node-013 --label topology.kubernetes.io/zone=zone-1
sim node add node-014 --label topology.kubernetes.io/zone=zone-2
sim node add node-015 --label topology.kubernetes.io/zone=zone-3
sim node add node-016 --label topology.kubernetes.io/zone=zone-1
sim node add node-017 --label topology.kubernetes.io/zone=zone-2
sim node add node-018 --label topology.kubernetes.io/zone=zone-3
sim node add node-019 --label topology.kubernetes.io/zone=zone-1
sim node add node-020 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-021 --label topology.kubernetes.io/zone=zone-3
sim node add node-022 --label topology.kubernetes.io/zone=zone-1
sim node add node-023 --label topology.kubernetes.io/zone=zone-2
sim node add node-024 --label topology.kubernetes.io/zone=zone-3
sim node add node-025 --label topology.kubernetes.io/zone=zone-1
sim node add node-026 --label topology.kubernetes.io/zone=zone-2
sim node add node-027 --label topology.kubernetes.io/zone=zone-3
sim node add node-028 --label topology.kubernetes.io/zone=zone-1
sim node add node-029 --label topology.kubernetes.io/zone=zone-2
sim node add node-030 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-031 --label topology.kubernetes.io/zone=zone-1
sim node add node-032 --label topology.kubernetes.io/zone=zone-2
sim node add node-033 --label topology.kubernetes.io/zone=zone-3
sim node add node-034 --label topology.kubernetes.io/zone=zone-1
sim node add node-035 --label topology.kubernetes.io/zone=zone-2
sim node add node-036 --label topology.kubernetes.io/zone=zone-3
sim node add node-037 --label topology.kubernetes.io/zone=zone-1
sim node add node-038 --label topology.kubernetes.io/zone=zone-2
sim node add node-039 --label topology.kubernetes.io/zone=zone-3
sim node add node-040 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-041 --label topology.kubernetes.io/zone=zone-2
sim node add node-042 --label topology.kubernetes.io/zone=zone-3
sim node add node-043 --label topology.kubernetes.io/zone=zone-1
sim node add node-044 --label topology.kubernetes.io/zone=zone-2
sim node add node-045 --label topology.kubernetes.io/zone=zone-3
sim node add node-046 --label topology.kubernetes.io/zone=zone-1
sim node add node-047 --label topology.kubernetes.io/zone=zone-2
sim node add node-048 --label topology.kubernetes.io/zone=zone-3
sim node add node-049 --label topology.kubernetes.io/zone=zone-1
sim node add node-050 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-051 --label topology.kubernetes.io/zone=zone-3
sim node add node-052 --label topology.kubernetes.io/zone=zone-1
sim node add node-053 --label topology.kubernetes.io/zone=zone-2
sim node add node-054 --label topology.kubernetes.io/zone=zone-3
sim node add node-055 --label topology.kubernetes.io/zone=zone-1
sim node add node-056 --label topology.kubernetes.io/zone=zone-2
sim node add node-057 --label topology.kubernetes.io/zone=zone-3
sim node add node-058 --label topology.kubernetes.io/zone=zone-1
sim node add node-059 --label topology.kubernetes.io/zone=zone-2
sim node add node-060 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-061 --label topology.kubernetes.io/zone=zone-1
sim node add node-062 --label topology.kubernetes.io/zone=zone-2
sim node add node-063 --label topology.kubernetes.io/zone=zone-3
sim node add node-064 --label topology.kubernetes.io/zone=zone-1
sim node add node-065 --label topology.kubernetes.io/zone=zone-2
sim node add node-066 --label topology.kubernetes.io/zone=zone-3
sim node add node-067 --label topology.kubernetes.io/zone=zone-1
sim node add node-068 --label topology.kubernetes.io/zone=zone-2
sim node add node-069 --label topology.kubernetes.io/zone=zone-3
sim node add node-070 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-071 --label topology.kubernetes.io/zone=zone-2
sim node add node-072 --label topology.kubernetes.io/zone=zone-3
sim node add node-073 --label topology.kubernetes.io/zone=zone-1
sim node add node-074 --label topology.kubernetes.io/zone=zone-2
sim node add node-075 --label topology.kubernetes.io/zone=zone-3
sim node add node-076 --label topology.kubernetes.io/zone=zone-1
sim node add node-077 --label topology.kubernetes.io/zone=zone-2
sim node add node-078 --label topology.kubernetes.io/zone=zone-3
sim node add node-079 --label topology.kubernetes.io/zone=zone-1
sim node add node-080 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-081 --label topology.kubernetes.io/zone=zone-3
sim node add node-082 --label topology.kubernetes.io/zone=zone-1
sim node add node-083 --label topology.kubernetes.io/zone=zone-2
sim node add node-084 --label topology.kubernetes.io/zone=zone-3
sim node add node-085 --label topology.kubernetes.io/zone=zone-1
sim node add node-086 --label topology.kubernetes.io/zone=zone-2
sim node add node-087 --label topology.kubernetes.io/zone=zone-3
sim node add node-088 --label topology.kubernetes.io/zone=zone-1
sim node add node-089 --label topology.kubernetes.io/zone=zone-2
sim node add node-090 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-091 --label topology.kubernetes.io/zone=zone-1
sim node add node-092 --label topology.kubernetes.io/zone=zone-2
sim node add node-093 --label topology.kubernetes.io/zone=zone-3
sim node add node-094 --label topology.kubernetes.io/zone=zone-1
sim node add node-095 --label topology.kubernetes.io/zone=zone-2
sim node add node-096 --label topology.kubernetes.io/zone=zone-3
sim node add node-097 --label topology.kubernetes.io/zone=zone-1
sim node add node-098 --label topology.kubernetes.io/zone=zone-2
sim node add node-099 --label topology.kubernetes.io/zone=zone-3
sim node add node-100 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-101 --label topology.kubernetes.io/zone=zone-2
sim node add node-102 --label topology.kubernetes.io/zone=zone-3
sim node add node-103 --label topology.kubernetes.io/zone=zone-1
sim node add node-104 --label topology.kubernetes.io/zone=zone-2
sim node add node-105 --label topology.kubernetes.io/zone=zone-3
sim node add node-106 --label topology.kubernetes.io/zone=zone-1
sim node add node-107 --label topology.kubernetes.io/zone=zone-2
sim node add node-108 --label topology.kubernetes.io/zone=zone-3
sim node add node-109 --label topology.kubernetes.io/zone=zone-1
sim node add node-110 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-111 --label topology.kubernetes.io/zone=zone-3
sim node add node-112 --label topology.kubernetes.io/zone=zone-1
sim node add node-113 --label topology.kubernetes.io/zone=zone-2
sim node add node-114 --label topology.kubernetes.io/zone=zone-3
sim node add node-115 --label topology.kubernetes.io/zone=zone-1
sim node add node-116 --label topology.kubernetes.io/zone=zone-2
sim node add node-117 --label topology.kubernetes.io/zone=zone-3
sim node add node-118 --label topology.kubernetes.io/zone=zone-1
sim node add node-119 --label topology.kubernetes.io/zone=zone-2
sim node add node-120 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-121 --label topology.kubernetes.io/zone=zone-1
sim node add node-122 --label topology.kubernetes.io/zone=zone-2
sim node add node-123 --label topology.kubernetes.io/zone=zone-3
sim node add node-124 --label topology.kubernetes.io/zone=zone-1
sim node add node-125 --label topology.kubernetes.io/zone=zone-2
sim node add node-126 --label topology.kubernetes.io/zone=zone-3
sim node add node-127 --label topology.kubernetes.io/zone=zone-1
sim node add node-128 --label topology.kubernetes.io/zone=zone-2
sim node add node-129 --label topology.kubernetes.io/zone=zone-3
sim node add node-130 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-131 --label topology.kubernetes.io/zone=zone-2
sim node add node-132 --label topology.kubernetes.io/zone=zone-3
sim node add node-133 --label topology.kubernetes.io/zone=zone-1
sim node add node-134 --label topology.kubernetes.io/zone=zone-2
sim node add node-135 --label topology.kubernetes.io/zone=zone-3
sim node add node-136 --label topology.kubernetes.io/zone=zone-1
sim node add node-137 --label topology.kubernetes.io/zone=zone-2
sim node add node-138 --label topology.kubernetes.io/zone=zone-3
sim node add node-139 --label topology.kubernetes.io/zone=zone-1
sim node add node-140 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-141 --label topology.kubernetes.io/zone=zone-3
sim node add node-142 --label topology.kubernetes.io/zone=zone-1
sim node add node-143 --label topology.kubernetes.io/zone=zone-2
sim node add node-144 --label topology.kubernetes.io/zone=zone-3
sim node add node-145 --label topology.kubernetes.io/zone=zone-1
sim node add node-146 --label topology.kubernetes.io/zone=zone-2
sim node add node-147 --label topology.kubernetes.io/zone=zone-3
sim node add node-148 --label topology.kubernetes.io/zone=zone-1
sim node add node-149 --label topology.kubernetes.io/zone=zone-2
sim node add node-150 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-151 --label topology.kubernetes.io/zone=zone-1
sim node add node-152 --label topology.kubernetes.io/zone=zone-2
sim node add node-153 --label topology.kubernetes.io/zone=zone-3
sim node add node-154 --label topology.kubernetes.io/zone=zone-1
sim node add node-155 --label topology.kubernetes.io/zone=zone-2
sim node add node-156 --label topology.kubernetes.io/zone=zone-3
sim node add node-157 --label topology.kubernetes.io/zone=zone-1
sim node add node-158 --label topology.kubernetes.io/zone=zone-2
sim node add node-159 --label topology.kubernetes.io/zone=zone-3
sim node add node-160 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-161 --label topology.kubernetes.io/zone=zone-2
sim node add node-162 --label topology.kubernetes.io/zone=zone-3
sim node add node-163 --label topology.kubernetes.io/zone=zone-1
sim node add node-164 --label topology.kubernetes.io/zone=zone-2
sim node add node-165 --label topology.kubernetes.io/zone=zone-3
sim node add node-166 --label topology.kubernetes.io/zone=zone-1
sim node add node-167 --label topology.kubernetes.io/zone=zone-2
sim node add node-168 --label topology.kubernetes.io/zone=zone-3
sim node add node-169 --label topology.kubernetes.io/zone=zone-1
sim node add node-170 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-171 --label topology.kubernetes.io/zone=zone-3
sim node add node-172 --label topology.kubernetes.io/zone=zone-1
sim node add node-173 --label topology.kubernetes.io/zone=zone-2
sim node add node-174 --label topology.kubernetes.io/zone=zone-3
sim node add node-175 --label topology.kubernetes.io/zone=zone-1
sim node add node-176 --label topology.kubernetes.io/zone=zone-2
sim node add node-177 --label topology.kubernetes.io/zone=zone-3
sim node add node-178 --label topology.kubernetes.io/zone=zone-1
sim node add node-179 --label topology.kubernetes.io/zone=zone-2
sim node add node-180 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-181 --label topology.kubernetes.io/zone=zone-1
sim node add node-182 --label topology.kubernetes.io/zone=zone-2
sim node add node-183 --label topology.kubernetes.io/zone=zone-3
sim node add node-184 --label topology.kubernetes.io/zone=zone-1
sim node add node-185 --label topology.kubernetes.io/zone=zone-2
sim node add node-186 --label topology.kubernetes.io/zone=zone-3
sim node add node-187 --label topology.kubernetes.io/zone=zone-1
sim node add node-188 --label topology.kubernetes.io/zone=zone-2
sim node add node-189 --label topology.kubernetes.io/zone=zone-3
sim node add node-190 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-191 --label topology.kubernetes.io/zone=zone-2
sim node add node-192 --label topology.kubernetes.io/zone=zone-3
sim node add node-193 --label topology.kubernetes.io/zone=zone-1
sim node add node-194 --label topology.kubernetes.io/zone=zone-2
sim node add node-195 --label topology.kubernetes.io/zone=zone-3
sim node add node-196 --label topology.kubernetes.io/zone=zone-1
sim node add node-197 --label topology.kubernetes.io/zone=zone-2
sim node add node-198 --label topology.kubernetes.io/zone=zone-3
sim node add node-199 --label topology.kubernetes.io/zone=zone-1
sim node add node-200 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-201 --label topology.kubernetes.io/zone=zone-3
sim node add node-202 --label topology.kubernetes.io/zone=zone-1
sim node add node-203 --label topology.kubernetes.io/zone=zone-2
sim node add node-204 --label topology.kubernetes.io/zone=zone-3
sim node add node-205 --label topology.kubernetes.io/zone=zone-1
sim node add node-206 --label topology.kubernetes.io/zone=zone-2
sim node add node-207 --label topology.kubernetes.io/zone=zone-3
sim node add node-208 --label topology.kubernetes.io/zone=zone-1
sim node add node-209 --label topology.kubernetes.io/zone=zone-2
sim node add node-210 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-211 --label topology.kubernetes.io/zone=zone-1
sim node add node-212 --label topology.kubernetes.io/zone=zone-2
sim node add node-213 --label topology.kubernetes.io/zone=zone-3
sim node add node-214 --label topology.kubernetes.io/zone=zone-1
sim node add node-215 --label topology.kubernetes.io/zone=zone-2
sim node add node-216 --label topology.kubernetes.io/zone=zone-3
sim node add node-217 --label topology.kubernetes.io/zone=zone-1
sim node add node-218 --label topology.kubernetes.io/zone=zone-2
sim node add node-219 --label topology.kubernetes.io/zone=zone-3
sim node add node-220 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-221 --label topology.kubernetes.io/zone=zone-2
sim node add node-222 --label topology.kubernetes.io/zone=zone-3
sim node add node-223 --label topology.kubernetes.io/zone=zone-1
sim node add node-224 --label topology.kubernetes.io/zone=zone-2
sim node add node-225 --label topology.kubernetes.io/zone=zone-3
sim node add node-226 --label topology.kubernetes.io/zone=zone-1
sim node add node-227 --label topology.kubernetes.io/zone=zone-2
sim node add node-228 --label topology.kubernetes.io/zone=zone-3
sim node add node-229 --label topology.kubernetes.io/zone=zone-1
sim node add node-230 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-231 --label topology.kubernetes.io/zone=zone-3
sim node add node-232 --label topology.kubernetes.io/zone=zone-1
sim node add node-233 --label topology.kubernetes.io/zone=zone-2
sim node add node-234 --label topology.kubernetes.io/zone=zone-3
sim node add node-235 --label topology.kubernetes.io/zone=zone-1
sim node add node-236 --label topology.kubernetes.io/zone=zone-2
sim node add node-237 --label topology.kubernetes.io/zone=zone-3
sim node add node-238 --label topology.kubernetes.io/zone=zone-1
sim node add node-239 --label topology.kubernetes.io/zone=zone-2
sim node add node-240 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-241 --label topology.kubernetes.io/zone=zone-1
sim node add node-242 --label topology.kubernetes.io/zone=zone-2
sim node add node-243 --label topology.kubernetes.io/zone=zone-3
sim node add node-244 --label topology.kubernetes.io/zone=zone-1
sim node add node-245 --label topology.kubernetes.io/zone=zone-2
sim node add node-246 --label topology.kubernetes.io/zone=zone-3
sim node add node-247 --label topology.kubernetes.io/zone=zone-1
sim node add node-248 --label topology.kubernetes.io/zone=zone-2
sim node add node-249 --label topology.kubernetes.io/zone=zone-3
sim node add node-250 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-251 --label topology.kubernetes.io/zone=zone-2
sim node add node-252 --label topology.kubernetes.io/zone=zone-3
sim node add node-253 --label topology.kubernetes.io/zone=zone-1
sim node add node-254 --label topology.kubernetes.io/zone=zone-2
sim node add node-255 --label topology.kubernetes.io/zone=zone-3
sim node add node-256 --label topology.kubernetes.io/zone=zone-1
sim node add node-257 --label topology.kubernetes.io/zone=zone-2
sim node add node-258 --label topology.kubernetes.io/zone=zone-3
sim node add node-259 --label topology.kubernetes.io/zone=zone-1
sim node add node-260 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-261 --label topology.kubernetes.io/zone=zone-3
sim node add node-262 --label topology.kubernetes.io/zone=zone-1
sim node add node-263 --label topology.kubernetes.io/zone=zone-2
sim node add node-264 --label topology.kubernetes.io/zone=zone-3
sim node add node-265 --label topology.kubernetes.io/zone=zone-1
sim node add node-266 --label topology.kubernetes.io/zone=zone-2
sim node add node-267 --label topology.kubernetes.io/zone=zone-3
sim node add node-268 --label topology.kubernetes.io/zone=zone-1
sim node add node-269 --label topology.kubernetes.io/zone=zone-2
sim node add node-270 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-271 --label topology.kubernetes.io/zone=zone-1
sim node add node-272 --label topology.kubernetes.io/zone=zone-2
sim node add node-273 --label topology.kubernetes.io/zone=zone-3
sim node add node-274 --label topology.kubernetes.io/zone=zone-1
sim node add node-275 --label topology.kubernetes.io/zone=zone-2
sim node add node-276 --label topology.kubernetes.io/zone=zone-3
sim node add node-277 --label topology.kubernetes.io/zone=zone-1
sim node add node-278 --label topology.kubernetes.io/zone=zone-2
sim node add node-279 --label topology.kubernetes.io/zone=zone-3
sim node add node-280 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-281 --label topology.kubernetes.io/zone=zone-2
sim node add node-282 --label topology.kubernetes.io/zone=zone-3
sim node add node-283 --label topology.kubernetes.io/zone=zone-1
sim node add node-284 --label topology.kubernetes.io/zone=zone-2
sim node add node-285 --label topology.kubernetes.io/zone=zone-3
sim node add node-286 --label topology.kubernetes.io/zone=zone-1
sim node add node-287 --label topology.kubernetes.io/zone=zone-2
sim node add node-288 --label topology.kubernetes.io/zone=zone-3
sim node add node-289 --label topology.kubernetes.io/zone=zone-1
sim node add node-290 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-291 --label topology.kubernetes.io/zone=zone-3
sim node add node-292 --label topology.kubernetes.io/zone=zone-1
sim node add node-293 --label topology.kubernetes.io/zone=zone-2
sim node add node-294 --label topology.kubernetes.io/zone=zone-3
sim node add node-295 --label topology.kubernetes.io/zone=zone-1
sim node add node-296 --label topology.kubernetes.io/zone=zone-2
sim node add node-297 --label topology.kubernetes.io/zone=zone-3
sim node add node-298 --label topology.kubernetes.io/zone=zone-1
sim node add node-299 --label topology.kubernetes.io/zone=zone-2
sim node add node-300 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-301 --label topology.kubernetes.io/zone=zone-1
sim node add node-302 --label topology.kubernetes.io/zone=zone-2
sim node add node-303 --label topology.kubernetes.io/zone=zone-3
sim node add node-304 --label topology.kubernetes.io/zone=zone-1
sim node add node-305 --label topology.kubernetes.io/zone=zone-2
sim node add node-306 --label topology.kubernetes.io/zone=zone-3
sim node add node-307 --label topology.kubernetes.io/zone=zone-1
sim node add node-308 --label topology.kubernetes.io/zone=zone-2
sim node add node-309 --label topology.kubernetes.io/zone=zone-3
sim node add node-310 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-311 --label topology.kubernetes.io/zone=zone-2
sim node add node-312 --label topology.kubernetes.io/zone=zone-3
sim node add node-313 --label topology.kubernetes.io/zone=zone-1
sim node add node-314 --label topology.kubernetes.io/zone=zone-2
sim node add node-315 --label topology.kubernetes.io/zone=zone-3
sim node add node-316 --label topology.kubernetes.io/zone=zone-1
sim node add node-317 --label topology.kubernetes.io/zone=zone-2
sim node add node-318 --label topology.kubernetes.io/zone=zone-3
sim node add node-319 --label topology.kubernetes.io/zone=zone-1
sim node add node-320 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-321 --label topology.kubernetes.io/zone=zone-3
sim node add node-322 --label topology.kubernetes.io/zone=zone-1
sim node add node-323 --label topology.kubernetes.io/zone=zone-2
sim node add node-324 --label topology.kubernetes.io/zone=zone-3
sim node add node-325 --label topology.kubernetes.io/zone=zone-1
sim node add node-326 --label topology.kubernetes.io/zone=zone-2
sim node add node-327 --label topology.kubernetes.io/zone=zone-3
sim node add node-328 --label topology.kubernetes.io/zone=zone-1
sim node add node-329 --label topology.kubernetes.io/zone=zone-2
sim node add node-330 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-331 --label topology.kubernetes.io/zone=zone-1
sim node add node-332 --label topology.kubernetes.io/zone=zone-2
sim node add node-333 --label topology.kubernetes.io/zone=zone-3
sim node add node-334 --label topology.kubernetes.io/zone=zone-1
sim node add node-335 --label topology.kubernetes.io/zone=zone-2
sim node add node-336 --label topology.kubernetes.io/zone=zone-3
sim node add node-337 --label topology.kubernetes.io/zone=zone-1
sim node add node-338 --label topology.kubernetes.io/zone=zone-2
sim node add node-339 --label topology.kubernetes.io/zone=zone-3
sim node add node-340 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-341 --label topology.kubernetes.io/zone=zone-2
sim node add node-342 --label topology.kubernetes.io/zone=zone-3
sim node add node-343 --label topology.kubernetes.io/zone=zone-1
sim node add node-344 --label topology.kubernetes.io/zone=zone-2
sim node add node-345 --label topology.kubernetes.io/zone=zone-3
sim node add node-346 --label topology.kubernetes.io/zone=zone-1
sim node add node-347 --label topology.kubernetes.io/zone=zone-2
sim node add node-348 --label topology.kubernetes.io/zone=zone-3
sim node add node-349 --label topology.kubernetes.io/zone=zone-1
sim node add node-350 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-351 --label topology.kubernetes.io/zone=zone-3
sim node add node-352 --label topology.kubernetes.io/zone=zone-1
sim node add node-353 --label topology.kubernetes.io/zone=zone-2
sim node add node-354 --label topology.kubernetes.io/zone=zone-3
sim node add node-355 --label topology.kubernetes.io/zone=zone-1
sim node add node-356 --label topology.kubernetes.io/zone=zone-2
sim node add node-357 --label topology.kubernetes.io/zone=zone-3
sim node add node-358 --label topology.kubernetes.io/zone=zone-1
sim node add node-359 --label topology.kubernetes.io/zone=zone-2
sim node add node-360 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-361 --label topology.kubernetes.io/zone=zone-1
sim node add node-362 --label topology.kubernetes.io/zone=zone-2
sim node add node-363 --label topology.kubernetes.io/zone=zone-3
sim node add node-364 --label topology.kubernetes.io/zone=zone-1
sim node add node-365 --label topology.kubernetes.io/zone=zone-2
sim node add node-366 --label topology.kubernetes.io/zone=zone-3
sim node add node-367 --label topology.kubernetes.io/zone=zone-1
sim node add node-368 --label topology.kubernetes.io/zone=zone-2
sim node add node-369 --label topology.kubernetes.io/zone=zone-3
sim node add node-370 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-371 --label topology.kubernetes.io/zone=zone-2
sim node add node-372 --label topology.kubernetes.io/zone=zone-3
sim node add node-373 --label topology.kubernetes.io/zone=zone-1
sim node add node-374 --label topology.kubernetes.io/zone=zone-2
sim node add node-375 --label topology.kubernetes.io/zone=zone-3
sim node add node-376 --label topology.kubernetes.io/zone=zone-1
sim node add node-377 --label topology.kubernetes.io/zone=zone-2
sim node add node-378 --label topology.kubernetes.io/zone=zone-3
sim node add node-379 --label topology.kubernetes.io/zone=zone-1
sim node add node-380 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-381 --label topology.kubernetes.io/zone=zone-3
sim node add node-382 --label topology.kubernetes.io/zone=zone-1
sim node add node-383 --label topology.kubernetes.io/zone=zone-2
sim node add node-384 --label topology.kubernetes.io/zone=zone-3
sim node add node-385 --label topology.kubernetes.io/zone=zone-1
sim node add node-386 --label topology.kubernetes.io/zone=zone-2
sim node add node-387 --label topology.kubernetes.io/zone=zone-3
sim node add node-388 --label topology.kubernetes.io/zone=zone-1
sim node add node-389 --label topology.kubernetes.io/zone=zone-2
sim node add node-390 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-391 --label topology.kubernetes.io/zone=zone-1
sim node add node-392 --label topology.kubernetes.io/zone=zone-2
sim node add node-393 --label topology.kubernetes.io/zone=zone-3
sim node add node-394 --label topology.kubernetes.io/zone=zone-1
sim node add node-395 --label topology.kubernetes.io/zone=zone-2
sim node add node-396 --label topology.kubernetes.io/zone=zone-3
sim node add node-397 --label topology.kubernetes.io/zone=zone-1
sim node add node-398 --label topology.kubernetes.io/zone=zone-2
sim node add node-399 --label topology.kubernetes.io/zone=zone-3
sim node add node-400 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-401 --label topology.kubernetes.io/zone=zone-2
sim node add node-402 --label topology.kubernetes.io/zone=zone-3
sim node add node-403 --label topology.kubernetes.io/zone=zone-1
sim node add node-404 --label topology.kubernetes.io/zone=zone-2
sim node add node-405 --label topology.kubernetes.io/zone=zone-3
sim node add node-406 --label topology.kubernetes.io/zone=zone-1
sim node add node-407 --label topology.kubernetes.io/zone=zone-2
sim node add node-408 --label topology.kubernetes.io/zone=zone-3
sim node add node-409 --label topology.kubernetes.io/zone=zone-1
sim node add node-410 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-411 --label topology.kubernetes.io/zone=zone-3
sim node add node-412 --label topology.kubernetes.io/zone=zone-1
sim node add node-413 --label topology.kubernetes.io/zone=zone-2
sim node add node-414 --label topology.kubernetes.io/zone=zone-3
sim node add node-415 --label topology.kubernetes.io/zone=zone-1
sim node add node-416 --label topology.kubernetes.io/zone=zone-2
sim node add node-417 --label topology.kubernetes.io/zone=zone-3
sim node add node-418 --label topology.kubernetes.io/zone=zone-1
sim node add node-419 --label topology.kubernetes.io/zone=zone-2
sim node add node-420 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-421 --label topology.kubernetes.io/zone=zone-1
sim node add node-422 --label topology.kubernetes.io/zone=zone-2
sim node add node-423 --label topology.kubernetes.io/zone=zone-3
sim node add node-424 --label topology.kubernetes.io/zone=zone-1
sim node add node-425 --label topology.kubernetes.io/zone=zone-2
sim node add node-426 --label topology.kubernetes.io/zone=zone-3
sim node add node-427 --label topology.kubernetes.io/zone=zone-1
sim node add node-428 --label topology.kubernetes.io/zone=zone-2
sim node add node-429 --label topology.kubernetes.io/zone=zone-3
sim node add node-430 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-431 --label topology.kubernetes.io/zone=zone-2
sim node add node-432 --label topology.kubernetes.io/zone=zone-3
sim node add node-433 --label topology.kubernetes.io/zone=zone-1
sim node add node-434 --label topology.kubernetes.io/zone=zone-2
sim node add node-435 --label topology.kubernetes.io/zone=zone-3
sim node add node-436 --label topology.kubernetes.io/zone=zone-1
sim node add node-437 --label topology.kubernetes.io/zone=zone-2
sim node add node-438 --label topology.kubernetes.io/zone=zone-3
sim node add node-439 --label topology.kubernetes.io/zone=zone-1
sim node add node-440 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-441 --label topology.kubernetes.io/zone=zone-3
sim node add node-442 --label topology.kubernetes.io/zone=zone-1
sim node add node-443 --label topology.kubernetes.io/zone=zone-2
sim node add node-444 --label topology.kubernetes.io/zone=zone-3
sim node add node-445 --label topology.kubernetes.io/zone=zone-1
sim node add node-446 --label topology.kubernetes.io/zone=zone-2
sim node add node-447 --label topology.kubernetes.io/zone=zone-3
sim node add node-448 --label topology.kubernetes.io/zone=zone-1
sim node add node-449 --label topology.kubernetes.io/zone=zone-2
sim node add node-450 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-451 --label topology.kubernetes.io/zone=zone-1
sim node add node-452 --label topology.kubernetes.io/zone=zone-2
sim node add node-453 --label topology.kubernetes.io/zone=zone-3
sim node add node-454 --label topology.kubernetes.io/zone=zone-1
sim node add node-455 --label topology.kubernetes.io/zone=zone-2
sim node add node-456 --label topology.kubernetes.io/zone=zone-3
sim node add node-457 --label topology.kubernetes.io/zone=zone-1
sim node add node-458 --label topology.kubernetes.io/zone=zone-2
sim node add node-459 --label topology.kubernetes.io/zone=zone-3
sim node add node-460 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-461 --label topology.kubernetes.io/zone=zone-2
sim node add node-462 --label topology.kubernetes.io/zone=zone-3
sim node add node-463 --label topology.kubernetes.io/zone=zone-1
sim node add node-464 --label topology.kubernetes.io/zone=zone-2
sim node add node-465 --label topology.kubernetes.io/zone=zone-3
sim node add node-466 --label topology.kubernetes.io/zone=zone-1
sim node add node-467 --label topology.kubernetes.io/zone=zone-2
sim node add node-468 --label topology.kubernetes.io/zone=zone-3
sim node add node-469 --label topology.kubernetes.io/zone=zone-1
sim node add node-470 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
sim node add node-471 --label topology.kubernetes.io/zone=zone-3
sim node add node-472 --label topology.kubernetes.io/zone=zone-1
sim node add node-473 --label topology.kubernetes.io/zone=zone-2
sim node add node-474 --label topology.kubernetes.io/zone=zone-3
sim node add node-475 --label topology.kubernetes.io/zone=zone-1
sim node add node-476 --label topology.kubernetes.io/zone=zone-2
sim node add node-477 --label topology.kubernetes.io/zone=zone-3
sim node add node-478 --label topology.kubernetes.io/zone=zone-1
sim node add node-479 --label topology.kubernetes.io/zone=zone-2
sim node add node-480 --label topology.kubernetes.io/zone=zone-3 --label ssd=true
sim node add node-481 --label topology.kubernetes.io/zone=zone-1
sim node add node-482 --label topology.kubernetes.io/zone=zone-2
sim node add node-483 --label topology.kubernetes.io/zone=zone-3
sim node add node-484 --label topology.kubernetes.io/zone=zone-1
sim node add node-485 --label topology.kubernetes.io/zone=zone-2
sim node add node-486 --label topology.kubernetes.io/zone=zone-3
sim node add node-487 --label topology.kubernetes.io/zone=zone-1
sim node add node-488 --label topology.kubernetes.io/zone=zone-2
sim node add node-489 --label topology.kubernetes.io/zone=zone-3
sim node add node-490 --label topology.kubernetes.io/zone=zone-1 --label ssd=true
sim node add node-491 --label topology.kubernetes.io/zone=zone-2
sim node add node-492 --label topology.kubernetes.io/zone=zone-3
sim node add node-493 --label topology.kubernetes.io/zone=zone-1
sim node add node-494 --label topology.kubernetes.io/zone=zone-2
sim node add node-495 --label topology.kubernetes.io/zone=zone-3
sim node add node-496 --label topology.kubernetes.io/zone=zone-1
sim node add node-497 --label topology.kubernetes.io/zone=zone-2
sim node add node-498 --label topology.kubernetes.io/zone=zone-3
sim node add node-499 --label topology.kubernetes.io/zone=zone-1
sim node add node-500 --label topology.kubernetes.io/zone=zone-2 --label ssd=true
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nginx-fast-storage
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      nodeSelector:
        ssd: "true"
      containers:
        - name: nginx
          image: nginx:1.27
EOF
sim advance 30s
